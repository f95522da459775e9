# ruff: noqa: E501  (prose: one paragraph per line reads and diffs better than wrapped strings)
"""Demo content for `python manage.py seed_demo`: plain data, no Django.

Everything here was written for this project. The people, journals and links
are fictional: authors are invented, sources are placeholder names, and every
URL points at example.org or example.com. The stories describe the kind of
news a medical publisher covers, in a deliberately cautious tone, and are not
medical advice.

Shapes:
    DISCLAIMERS  {key: {title, body, is_default}}
    SECTIONS     [{slug, name, description, position, colours, default_disclaimer}]
    AUTHORS      [{slug, name, credentials, job_title, bio}]
    TAGS         [{slug, name, description}]
    ARTICLES     [{slug, title, dek, body: [paragraph, ...], section, authors: [slug],
                   tags: [slug], source_name/source_url/source_note or original_reporting,
                   days_ago | scheduled_in_days, status?, disclaimer?, reviewed_by?,
                   hero: {alt, caption, credit}}]
"""

HERO_CREDIT = "Illustration: Newsroom Health"
REFERENCE_ONLY = "reference only"

# --- Disclaimers ---------------------------------------------------------------------

DISCLAIMERS = {
    "site": {
        "title": "Disclaimer of Newsroom Health",
        "body": (
            "Important note: Newsroom Health reports on medical research and health policy for general "
            "information only. Our articles are not medical advice and cannot replace a conversation with "
            "a doctor, pharmacist or other qualified professional who knows your situation. Do not start, "
            "stop or change any treatment because of something you read here, and in an emergency call "
            "your local emergency number."
        ),
        "is_default": True,
    },
    "regulatory": {
        "title": "About our regulatory coverage",
        "body": (
            "Stories about approvals, safety warnings, recalls and proposed rules describe decisions by "
            "regulators and companies. They are not prescribing guidance. Label changes can take time to "
            "reach every product and country, so ask a pharmacist or prescriber how a decision applies to "
            "the medicine you take, and keep taking it unless they advise otherwise."
        ),
        "is_default": False,
    },
    "trial": {
        "title": "About early-stage research",
        "body": (
            "This article describes early research: a small study, laboratory work or an early-phase "
            "trial. Results at this stage are often not confirmed by larger trials, and the treatment "
            "discussed is not an approved option for the condition described. Ask your specialist about "
            "clinical trials rather than seeking the treatment elsewhere."
        ),
        "is_default": False,
    },
}

# --- Sections --------------------------------------------------------------------------
# `colours` are the two ends of the gradient behind the section's generated hero images.

SECTIONS = [
    {
        "slug": "autoimmune-therapies",
        "name": "Autoimmune therapies",
        "description": "Lupus, rheumatoid arthritis, multiple sclerosis and other conditions in which the immune system turns on the body, and the treatments that aim to calm it, from established drugs to engineered cells.",
        "position": 1,
        "colours": ("#4b2e83", "#2f7fb8"),
    },
    {
        "slug": "cardiology",
        "name": "Cardiology",
        "description": "Heart and blood vessel health: blood pressure, heart rhythm, stroke prevention, and what new trials mean for everyday care.",
        "position": 2,
        "colours": ("#8c1c2b", "#e27d60"),
    },
    {
        "slug": "infectious-disease-vaccines",
        "name": "Infectious disease and vaccines",
        "description": "Outbreaks, new vaccines and the evidence behind immunisation advice, with a close eye on children and people at higher risk.",
        "position": 3,
        "colours": ("#145c54", "#6fbf9b"),
    },
    {
        "slug": "drug-safety-regulation",
        "name": "Drug safety and regulation",
        "description": "Approvals, safety warnings, recalls and the rules that govern medicines and medical devices, explained for patients and carers.",
        "position": 4,
        "colours": ("#7a4b00", "#e9a93a"),
        "default_disclaimer": "regulatory",
    },
    {
        "slug": "health-data-privacy",
        "name": "Health data privacy",
        "description": "Who holds your health information, how it is protected and shared, and what to do when something goes wrong.",
        "position": 5,
        "colours": ("#1c2541", "#4f6d9a"),
    },
    {
        "slug": "nutrition",
        "name": "Nutrition",
        "description": "Food, weight and metabolic health, grounded in evidence rather than fashions, with practical advice you can use at the table.",
        "position": 6,
        "colours": ("#3e6b25", "#b9cf63"),
    },
]

# --- Authors ---------------------------------------------------------------------------

AUTHORS = [
    {
        "slug": "helena-marsh",
        "name": "Helena Marsh",
        "credentials": "MD, PhD",
        "job_title": "Medical editor",
        "bio": "Helena Marsh trained in internal medicine and rheumatology before moving into medical journalism. She leads the newsroom's medical review and checks clinical claims against the underlying research. Her particular interests are autoimmune disease and how early trial results are communicated.",
    },
    {
        "slug": "priya-raman",
        "name": "Priya Raman",
        "credentials": "RN, MPH",
        "job_title": "Senior health reporter",
        "bio": "Priya Raman worked for ten years as an emergency and public health nurse before joining Newsroom Health. She covers infectious disease, vaccines and children's health, with a focus on what new guidance means for families.",
    },
    {
        "slug": "daniel-whitcombe",
        "name": "Daniel Whitcombe",
        "credentials": "PharmD",
        "job_title": "Drug safety correspondent",
        "bio": "Daniel Whitcombe is a pharmacist who spent eight years in hospital medication safety. He reports on approvals, label changes and recalls, and explains how regulators weigh a medicine's benefits against its risks.",
    },
    {
        "slug": "samuel-adeyemi",
        "name": "Samuel Adeyemi",
        "credentials": "MD, MSc",
        "job_title": "Cardiology contributor",
        "bio": "Samuel Adeyemi is a cardiologist who writes about heart and vascular health. He is most interested in prevention, especially blood pressure control, and in helping readers make sense of large clinical trials.",
    },
    {
        "slug": "grace-lindqvist",
        "name": "Grace Lindqvist",
        "credentials": "MS",
        "job_title": "Health data and technology reporter",
        "bio": "Grace Lindqvist reports on digital health, cybersecurity and medical privacy. Before journalism she was a data analyst in a hospital quality team, where she learned how patient records move between systems.",
    },
    {
        "slug": "nora-castell",
        "name": "Nora Castell",
        "credentials": "RD, MPH",
        "job_title": "Nutrition writer",
        "bio": "Nora Castell is a registered dietitian who has counselled people living with diabetes, kidney disease and heart disease. She writes about food, weight and metabolism, and prefers practical advice to headlines about single superfoods.",
    },
]

# --- Tags -------------------------------------------------------------------------------
# Some are common (vaccines, drug safety, hypertension), some rare (medical imaging, food
# safety): related stories weigh a shared rare tag more than a shared common one.

TAGS = [
    {
        "slug": "car-t",
        "name": "CAR-T",
        "description": "Chimeric antigen receptor T-cell therapy: a patient's own immune cells, engineered in a laboratory to find and destroy a chosen target. Approved for some blood cancers and under study in autoimmune disease.",
    },
    {
        "slug": "lupus",
        "name": "Lupus",
        "description": "Systemic lupus erythematosus and related conditions, in which the immune system attacks the skin, joints, kidneys and other organs.",
    },
    {
        "slug": "immunotherapy",
        "name": "Immunotherapy",
        "description": "Treatments that work by steering the immune system, from antibodies and engineered cells to approaches that try to restore tolerance.",
    },
    {
        "slug": "autoimmune-disease",
        "name": "Autoimmune disease",
        "description": "Conditions in which the immune system mistakes the body's own tissue for a threat, including lupus, rheumatoid arthritis, myositis and type 1 diabetes.",
    },
    {
        "slug": "hypertension",
        "name": "Hypertension",
        "description": "High blood pressure: usually silent, common, and the most important treatable risk factor for stroke and heart disease.",
    },
    {
        "slug": "stroke",
        "name": "Stroke",
        "description": "Prevention, warning signs and treatment of stroke, when blood supply to part of the brain is blocked or a vessel bleeds.",
    },
    {
        "slug": "heart-disease",
        "name": "Heart disease",
        "description": "Coronary artery disease, heart failure, rhythm problems and the procedures and medicines used to treat them.",
    },
    {
        "slug": "mrna",
        "name": "mRNA",
        "description": "Messenger RNA medicines and vaccines, which give cells temporary instructions to make a protein.",
    },
    {
        "slug": "vaccines",
        "name": "Vaccines",
        "description": "How vaccines are developed, tested and recommended, and the evidence on their benefits and side effects.",
    },
    {
        "slug": "fda",
        "name": "FDA",
        "description": "Decisions and guidance from the US Food and Drug Administration, and how they compare with other regulators.",
    },
    {
        "slug": "drug-safety",
        "name": "Drug safety",
        "description": "Side effects, warnings, recalls and medication errors: what is known about the risks of medicines and how to reduce them.",
    },
    {
        "slug": "cancer",
        "name": "Cancer",
        "description": "Cancer risk, screening and treatment, including the long-term effects of therapies and tests.",
    },
    {
        "slug": "children",
        "name": "Children",
        "description": "Health news that matters for babies, children and teenagers, and for the people who look after them.",
    },
    {
        "slug": "data-breach",
        "name": "Data breach",
        "description": "Cyberattacks and leaks that expose health or personal information, and what affected people can do.",
    },
    {
        "slug": "privacy",
        "name": "Privacy",
        "description": "Who can see, share and sell health information, and the laws and choices that govern it.",
    },
    {
        "slug": "digital-health",
        "name": "Digital health",
        "description": "Apps, wearables and online services that collect health information or offer care.",
    },
    {
        "slug": "glp-1",
        "name": "GLP-1",
        "description": "GLP-1 receptor agonists such as semaglutide and related medicines used for type 2 diabetes and weight management.",
    },
    {
        "slug": "diabetes",
        "name": "Diabetes",
        "description": "Type 1 and type 2 diabetes: prevention, treatment, complications and daily life with the condition.",
    },
    {
        "slug": "nutrition",
        "name": "Nutrition",
        "description": "What we eat and drink and how it affects health, judged on the quality of the evidence.",
    },
    {
        "slug": "medical-imaging",
        "name": "Medical imaging",
        "description": "X-rays, CT, MRI and ultrasound: what they show, their risks, and when they are needed.",
    },
    {
        "slug": "food-safety",
        "name": "Food safety",
        "description": "Foodborne illness, toxins and parasites, and how preparation and storage keep food safe.",
    },
]

# --- Articles ---------------------------------------------------------------------------


def _source(name, path):
    """A placeholder source: a fictional name, an example.org address, reference only."""
    return {"source_name": name, "source_url": f"https://example.org/{path}", "source_note": REFERENCE_ONLY}


ARTICLES = [
    # Autoimmune therapies ------------------------------------------------------------------
    {
        "slug": "car-t-lupus-lasting-remission",
        "title": "Engineered immune cells send five people with severe lupus into lasting remission",
        "dek": "In a small study of CAR-T cell therapy, every participant was able to stop their lupus medicines for months afterwards. The results are striking but early, and larger trials are under way.",
        "body": [
            "A research team in Germany has reported that five young adults with hard-to-treat systemic lupus erythematosus went into remission after a single infusion of engineered immune cells. At the time of the report, the longest follow-up was more than a year, and none of the five had needed their usual lupus medicines since treatment.",
            "Lupus is an autoimmune disease in which the immune system makes antibodies against the body's own tissues. It can cause tiredness, painful joints, rashes and fevers, and in some people it damages the kidneys, heart or brain. Standard treatments such as steroids and immune-suppressing drugs can control it, but are often needed for life and have side effects of their own.",
            "The experimental treatment, CAR-T cell therapy, is already approved for certain blood cancers. Doctors collect a patient's T cells, equip them in the laboratory with a receptor that recognises a protein called CD19 on B cells, and infuse them back. In lupus, B cells produce the harmful antibodies, so the aim is to clear them out.",
            "In the study, B cells vanished from the blood within weeks. When they returned months later, they appeared to be new, immature cells without the disease-linked antibodies, which the researchers likened to resetting that part of the immune system. Reported side effects were mostly mild, such as a few days of fever.",
            "Independent experts caution that five patients cannot show how safe or durable the treatment is. CAR-T therapy requires chemotherapy beforehand, is expensive, and carries known risks in cancer care, including serious inflammatory reactions. People with lupus should not change their treatment because of these results.",
        ],
        "section": "autoimmune-therapies",
        "authors": ["priya-raman", "helena-marsh"],
        "tags": ["car-t", "lupus", "immunotherapy", "autoimmune-disease"],
        **_source("Example Journal of Immunology", "journals/immunology/car-t-lupus-remission"),
        "days_ago": 0,
        "disclaimer": "trial",
        "reviewed_by": "helena-marsh",
        "hero": {
            "alt": "Abstract illustration: translucent circles and rings on a violet-to-blue gradient.",
            "caption": "CAR-T therapy reprograms a patient's own T cells to seek out B cells.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "mrna-therapy-t-cell-autoimmune-disease",
        "title": "An mRNA therapy aims to calm the T cells behind some autoimmune diseases",
        "dek": "Laboratory and animal studies suggest messenger RNA could teach the immune system to tolerate the tissue it attacks. Studies in people are only beginning.",
        "body": [
            "Messenger RNA, the technology behind several COVID-19 vaccines, is being adapted for a very different job: switching off unwanted immune responses. A drug developer has described an experimental mRNA treatment for autoimmune diseases driven by T cells, which can attack organs such as the pancreas, nerves or joints.",
            "Vaccines use mRNA to prompt the body to make a protein that provokes an immune response. The new approach instead delivers instructions meant to strengthen regulatory T cells, the immune system's brakes, or to present a disease-related protein in a way that encourages tolerance rather than attack.",
            "In mouse models, the developers report fewer signs of disease and less tissue damage in treated animals. Results in mice often fail to carry over to people, however, because the two immune systems differ in important ways.",
            "If the idea works, it could offer a more targeted alternative to broad immune-suppressing drugs, which raise the risk of infection. Early human studies will focus on safety and dose, and clear evidence of benefit is likely to be several years away.",
        ],
        "section": "autoimmune-therapies",
        "authors": ["helena-marsh"],
        "tags": ["mrna", "immunotherapy", "autoimmune-disease"],
        **_source("Example Review of Translational Medicine", "reviews/translational/mrna-tolerance-autoimmunity"),
        "days_ago": 1,
        "disclaimer": "trial",
        "hero": {
            "alt": "Abstract illustration: overlapping circles and thin lines on a violet-to-blue gradient.",
            "caption": "Researchers hope mRNA can teach the immune system restraint rather than attack.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "car-t-trials-widen-autoimmune",
        "title": "CAR-T trials widen to myositis, systemic sclerosis and myasthenia gravis",
        "dek": "After encouraging first reports in lupus, researchers are testing engineered immune cells in other severe autoimmune conditions.",
        "body": [
            "Clinical trials of CAR-T cell therapy for autoimmune disease are spreading beyond lupus. Studies now under way are enrolling people with inflammatory muscle disease, systemic sclerosis and myasthenia gravis whose illness has not responded to standard treatment.",
            "Most of these trials use cells aimed at B cells, the strategy first tested in lupus. Some teams are trying versions aimed at antibody-producing plasma cells, or cells made from healthy donors rather than from each patient, which could make treatment quicker and cheaper.",
            "Researchers stress that early reports come from small groups of carefully selected patients. It is not yet known how long remissions last, whether the disease can return, or how long-term risks compare with those of existing drugs.",
            "For now, CAR-T for autoimmune disease is available only within clinical trials. Patients who are interested can ask their specialist whether a study is recruiting nearby and who is eligible.",
        ],
        "section": "autoimmune-therapies",
        "authors": ["priya-raman"],
        "tags": ["car-t", "autoimmune-disease", "immunotherapy"],
        **_source("Example Rheumatology Letters", "journals/rheumatology/car-t-beyond-lupus"),
        "days_ago": 12,
        "hero": {
            "alt": "Abstract illustration: rings and diagonal lines on a violet-to-blue gradient.",
            "caption": "Trials are testing whether engineered cells can help in other autoimmune conditions.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "lupus-kidney-urine-tests",
        "title": "Why routine urine tests matter so much for people with lupus",
        "dek": "Kidney inflammation can develop quietly in lupus. Regular, simple checks help catch it before lasting damage is done.",
        "body": [
            "Lupus nephritis, inflammation of the kidneys caused by lupus, affects a substantial share of people with the disease, often within the first few years after diagnosis. In its early stages it usually causes no pain and few noticeable symptoms.",
            "That is why rheumatologists ask for urine samples at regular visits. A simple test can pick up protein or blood in the urine, and blood tests show how well the kidneys are filtering. Changes can prompt further investigation, sometimes including a kidney biopsy.",
            "Treatment for lupus nephritis has improved, and catching it early gives the best chance of protecting kidney function. Keeping blood pressure under control also helps preserve the kidneys over the long term.",
            "Swelling of the legs or around the eyes, foamy urine or a sudden rise in blood pressure are reasons to contact the care team. People with lupus can ask their clinic how often their kidneys should be checked and what their latest results mean.",
        ],
        "section": "autoimmune-therapies",
        "authors": ["helena-marsh"],
        "tags": ["lupus", "autoimmune-disease"],
        "original_reporting": True,
        "days_ago": 25,
        "reviewed_by": "helena-marsh",
        "hero": {
            "alt": "Abstract illustration: soft circles and a dotted grid on a violet-to-blue gradient.",
            "caption": "A simple urine test at each visit can reveal early kidney involvement.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "rheumatoid-arthritis-tapering-biologics",
        "title": "Stepping down biologic drugs in rheumatoid arthritis: what the studies show",
        "dek": "Some people whose arthritis has been in stable remission can reduce their medicine under supervision, but stopping abruptly makes flares more likely.",
        "body": [
            "Biologic drugs have transformed the outlook for many people with rheumatoid arthritis. Once the disease has been quiet for a long time, patients and doctors often ask whether the dose can come down.",
            "Trials comparing strategies suggest that gradually lowering doses or spacing injections further apart works for a proportion of people in sustained remission. Stopping completely leads to flares more often, although most people regain control when the medicine is restarted.",
            "Rheumatologists usually consider tapering only after remission has lasted many months, and with close follow-up. Antibody results, joint damage on imaging and the history of past flares can all influence the decision.",
            "Anyone thinking about a change should plan it with their specialist rather than cutting back alone. A flare can cause joint damage that does not fully reverse.",
        ],
        "section": "autoimmune-therapies",
        "authors": ["helena-marsh"],
        "tags": ["autoimmune-disease", "immunotherapy"],
        **_source("Example Annals of Joint Disease", "journals/joint-disease/biologic-tapering-review"),
        "days_ago": 40,
        "hero": {
            "alt": "Abstract illustration: large pale circles and a ring on a violet-to-blue gradient.",
            "caption": "Dose reduction is a shared decision between patient and rheumatologist.",
            "credit": HERO_CREDIT,
        },
    },
    # Cardiology ----------------------------------------------------------------------------
    {
        "slug": "lower-blood-pressure-target-stroke",
        "title": "Lower blood pressure targets cut stroke risk, however many pills it takes",
        "dek": "An analysis of trial data found that reaching a lower systolic target reduced strokes whether patients needed one medicine or several.",
        "body": [
            "Bringing systolic blood pressure below 140 mmHg, and lower still for many patients, reduced the risk of stroke in a large pooled analysis of treatment trials. The benefit held whether people reached their target with a single medicine or needed a combination.",
            "The finding speaks to a common worry among patients and doctors: that taking more tablets might bring side effects that cancel out the gains. In this analysis, the number of medicines did not change the link between lower pressure and fewer strokes.",
            "High blood pressure is the most important treatable risk factor for stroke. Over years it damages and stiffens blood vessels, usually without causing symptoms, which is why regular measurement matters.",
            "Lower targets are not right for everyone. Older adults prone to falls, people with some kidney conditions and those who feel dizzy on standing may need a more individual approach, agreed with their clinician.",
            "Less salt, regular activity, moderate drinking and a healthy weight remain the foundation of treatment. These changes can also reduce the number of medicines a person needs.",
        ],
        "section": "cardiology",
        "authors": ["samuel-adeyemi"],
        "tags": ["hypertension", "stroke", "heart-disease"],
        **_source("Example Journal of Vascular Medicine", "journals/vascular/bp-targets-stroke-analysis"),
        "days_ago": 0,
        "reviewed_by": "helena-marsh",
        "hero": {
            "alt": "Abstract illustration: circles and sweeping lines on a deep red-to-coral gradient.",
            "caption": "Reaching the target mattered more than the number of pills used to get there.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "life-after-heart-stent",
        "title": "Life after a heart stent: what the procedure changes, and what it doesn't",
        "dek": "A stent can relieve chest pain and save lives during a heart attack, but the long-term outlook depends mostly on what happens next.",
        "body": [
            "Patients often ask how long they can expect to live after a stent is placed in a coronary artery. There is no single answer, because a stent treats one narrowed section of artery, not the disease that caused the narrowing.",
            "During a heart attack, opening a blocked artery quickly with a stent limits damage to the heart muscle and improves survival. In stable chest pain, stents mainly relieve symptoms, and trials suggest that medicines alone prevent heart attacks about as well for many patients.",
            "Long-term outlook depends on how well the heart pumps, other conditions such as diabetes or kidney disease, and how well risk factors are controlled. Many people live for decades after a stent.",
            "Taking antiplatelet medicines exactly as prescribed is critical in the months after the procedure, because stopping early raises the risk of a clot in the stent. Cardiac rehabilitation, stopping smoking and managing cholesterol and blood pressure all improve the odds.",
        ],
        "section": "cardiology",
        "authors": ["samuel-adeyemi"],
        "tags": ["heart-disease", "hypertension"],
        "original_reporting": True,
        "days_ago": 9,
        "reviewed_by": "samuel-adeyemi",
        "hero": {
            "alt": "Abstract illustration: rings and crossing lines on a deep red-to-coral gradient.",
            "caption": "A stent fixes one narrowing; prevention protects the rest of the arteries.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "home-blood-pressure-readings",
        "title": "Home blood pressure readings: how to take them so they count",
        "dek": "Measurements taken at home can say more than a single reading at the clinic, if they are done the right way.",
        "body": [
            "Many people's blood pressure is higher in a doctor's office than at home, and a few show the opposite pattern. Regular home readings give a fuller picture and help clinicians decide whether treatment is needed or working.",
            "Use a validated upper-arm monitor with a cuff that fits. Sit quietly for five minutes first, back supported, feet flat and arm resting at heart level, and avoid caffeine, exercise and smoking for half an hour beforehand.",
            "Take two readings a minute apart, morning and evening, for about a week before an appointment, and write them all down. One high reading is not a cause for alarm, but a consistent pattern is worth discussing.",
            "A very high reading together with chest pain, breathlessness, weakness, confusion or difficulty speaking needs emergency care. These can be signs of a heart attack or stroke.",
        ],
        "section": "cardiology",
        "authors": ["samuel-adeyemi", "priya-raman"],
        "tags": ["hypertension", "stroke"],
        "original_reporting": True,
        "days_ago": 18,
        "hero": {
            "alt": "Abstract illustration: small dots and overlapping circles on a deep red-to-coral gradient.",
            "caption": "A week of careful readings tells a clinician more than one visit.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "dopamine-dobutamine-differences",
        "title": "Dopamine and dobutamine: similar names, different jobs in intensive care",
        "dek": "Both drugs support a struggling circulation, but they act in different ways, and confusing them is a recognised medication error.",
        "body": [
            "Dopamine and dobutamine are given by continuous infusion in hospital, usually in intensive care or emergency departments. Both can support the heart and circulation, but they are not interchangeable.",
            "Dobutamine mainly strengthens the heart's contractions and is often used when the heart is pumping weakly. Dopamine has effects that change with dose, and at higher doses it also narrows blood vessels to raise blood pressure.",
            "Because the names look and sound alike, medication safety organisations list the pair among drugs at risk of mix-ups. Hospitals reduce that risk with distinct labels, standard concentrations and infusion pumps that check doses.",
            "Both drugs require close monitoring of heart rhythm and blood pressure, since they can cause fast or irregular heartbeats. The choice between them depends on the cause of the circulatory problem and is made by the treating team.",
        ],
        "section": "cardiology",
        "authors": ["daniel-whitcombe"],
        "tags": ["heart-disease", "drug-safety"],
        "original_reporting": True,
        "days_ago": 33,
        "hero": {
            "alt": "Abstract illustration: rings and thin lines on a deep red-to-coral gradient.",
            "caption": "Look-alike, sound-alike drug names are a known source of hospital errors.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "smartwatch-atrial-fibrillation-alerts",
        "title": "Smartwatch heart-rhythm alerts: useful warning or source of worry?",
        "dek": "Wearables can flag possible atrial fibrillation, a cause of stroke, but an alert is the start of a conversation rather than a diagnosis.",
        "body": [
            "Many smartwatches can now detect an irregular pulse and suggest that the wearer may have atrial fibrillation. The condition raises the risk of stroke and sometimes causes no symptoms, so earlier detection could help.",
            "Studies show the alerts can find people who turn out to have atrial fibrillation, but they also produce false alarms, particularly in younger people at low risk. Confirming the diagnosis needs a medical-grade ECG.",
            "Whether screening healthy people with wearables actually prevents strokes is still being studied. Decisions such as starting a blood thinner depend on a person's overall risk of stroke and of bleeding.",
            "Heart data collected by consumer devices is not always covered by the privacy rules that apply to medical records. Users can check in the app's settings what it shares, and with whom.",
        ],
        "section": "cardiology",
        "authors": ["samuel-adeyemi", "grace-lindqvist"],
        "tags": ["stroke", "heart-disease", "digital-health", "privacy"],
        **_source("Example Heart Rhythm Review", "reviews/heart-rhythm/wearable-af-screening"),
        "days_ago": 47,
        "hero": {
            "alt": "Abstract illustration: straight lines across soft circles on a deep red-to-coral gradient.",
            "caption": "An irregular-rhythm alert needs confirming with a medical ECG.",
            "credit": HERO_CREDIT,
        },
    },
    # Infectious disease and vaccines -------------------------------------------------------
    {
        "slug": "why-no-hiv-vaccine-yet",
        "title": "Why, after decades of trials, there is still no HIV vaccine",
        "dek": "Several large vaccine studies have ended without showing protection. Scientists say the failures have taught them what a successful vaccine would need to do.",
        "body": [
            "Despite more than three decades of effort, no vaccine has been shown to reliably protect people against HIV. Several large efficacy trials in recent years were stopped after the vaccines failed to reduce infections compared with placebo.",
            "HIV is an unusually difficult target. The virus mutates rapidly, hides its most vulnerable parts under a dense coat of sugars, and writes itself into the genetic material of the cells it infects within days.",
            "Researchers are now trying to coax the immune system into making broadly neutralising antibodies, which can block many different strains. That requires a sequence of carefully designed doses, and early trials, some using mRNA, are testing whether the first steps work.",
            "Meanwhile, proven prevention tools exist. Condoms, pre-exposure prophylaxis and treatment that keeps the virus undetectable all greatly reduce the risk of transmission.",
        ],
        "section": "infectious-disease-vaccines",
        "authors": ["priya-raman"],
        "tags": ["vaccines", "mrna"],
        **_source("Example Journal of Vaccine Science", "journals/vaccine-science/hiv-vaccine-lessons"),
        "days_ago": 3,
        "hero": {
            "alt": "Abstract illustration: clustered circles and rings on a teal-to-mint gradient.",
            "caption": "New strategies aim to guide the immune system step by step.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "mosquito-borne-disease-toll",
        "title": "Counting the toll of mosquito-borne disease, and what control can achieve",
        "dek": "Claims about how many deaths mosquitoes cause vary widely. Here is what the estimates include, and which tools are making a difference.",
        "body": [
            "Mosquitoes are often called the deadliest animals on Earth, with headline figures of hundreds of thousands of deaths a year. Most of that toll comes from malaria, which falls heaviest on young children in sub-Saharan Africa.",
            "Estimates vary because they combine different diseases, including dengue and yellow fever, and because many deaths in low-income countries are never formally recorded. The figures are best read as modelled ranges rather than exact counts.",
            "Insecticide-treated bed nets, indoor spraying and prompt diagnosis and treatment have prevented a great many deaths. Malaria vaccines are now recommended for young children in areas where the disease is common.",
            "Proposals to eliminate mosquito species outright, for example with genetic techniques, remain experimental and raise ecological questions. Most experts see them, if they work, as one tool among many rather than a single solution.",
        ],
        "section": "infectious-disease-vaccines",
        "authors": ["priya-raman"],
        "tags": ["vaccines", "children"],
        **_source("Example Global Health Report", "reports/global-health/vector-borne-burden"),
        "days_ago": 14,
        "hero": {
            "alt": "Abstract illustration: scattered dots and thin lines on a teal-to-mint gradient.",
            "caption": "Bed nets, spraying, treatment and vaccines each play a part.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "rsv-protection-babies-first-winter",
        "title": "New ways to protect babies from RSV in their first winter",
        "dek": "A vaccine given in pregnancy and a long-acting antibody for infants both reduce serious illness from respiratory syncytial virus.",
        "body": [
            "Respiratory syncytial virus, or RSV, causes a cold in most people but can lead to bronchiolitis and pneumonia in young babies. It is one of the most common reasons for infants to be admitted to hospital in winter.",
            "Two approaches are now available in many countries. A vaccine given during a set window late in pregnancy helps the mother pass protective antibodies to her baby, while a long-acting antibody injection can be given directly to the infant.",
            "In trials, both reduced the risk of severe RSV illness in the first months of life. National advice differs on which to use and when, and usually only one of the two is needed.",
            "Parents can ask their midwife, pharmacist or child health team which option is offered locally. Hand washing and keeping babies away from people with colds also help during RSV season.",
        ],
        "section": "infectious-disease-vaccines",
        "authors": ["priya-raman"],
        "tags": ["vaccines", "children"],
        **_source("Example Paediatric Infection Review", "reviews/paediatric-infection/rsv-prevention"),
        "days_ago": 6,
        "reviewed_by": "helena-marsh",
        "hero": {
            "alt": "Abstract illustration: gentle overlapping circles on a teal-to-mint gradient.",
            "caption": "Protection can start before birth or soon after it.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "measles-catch-up-vaccination",
        "title": "Rising measles cases prompt catch-up vaccination drives",
        "dek": "Health departments are offering missed doses in schools and clinics as outbreaks follow falling vaccination rates.",
        "body": [
            "Several regions have reported more measles cases this year than in recent years, with outbreaks concentrated in communities where fewer children are vaccinated. Health departments are responding with catch-up clinics in schools and pharmacies.",
            "Measles is one of the most contagious infections known. Most children recover, but it can cause pneumonia, brain inflammation and, rarely, death, and it can weaken immune memory against other infections for months or years.",
            "Two doses of the measles, mumps and rubella vaccine give strong, long-lasting protection. It is not too late for older children, teenagers or adults who missed a dose to catch up.",
            "Anyone unsure of their vaccination history can check their records or ask a clinician. People who develop fever and a rash after a possible exposure should phone ahead before visiting, so they do not spread the virus in a waiting room.",
        ],
        "section": "infectious-disease-vaccines",
        "authors": ["priya-raman"],
        "tags": ["vaccines", "children"],
        "original_reporting": True,
        "days_ago": 21,
        "hero": {
            "alt": "Abstract illustration: a grid of small dots among larger circles on a teal-to-mint gradient.",
            "caption": "Two doses of MMR vaccine give long-lasting protection.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "mrna-flu-vaccines-larger-trials",
        "title": "mRNA flu vaccines move into larger trials",
        "dek": "Developers hope the technology will allow faster updates to match circulating strains, but it must first prove at least as effective as existing vaccines.",
        "body": [
            "Several companies are testing seasonal influenza vaccines built on messenger RNA, and some have moved into large late-stage trials. The candidates are being compared head to head with licensed flu vaccines.",
            "Each season's flu strains are chosen months in advance, and traditional manufacturing takes time. Because mRNA vaccines can be produced faster once a strain is picked, supporters hope they could better match the viruses that end up circulating.",
            "Early results suggest strong antibody responses against some flu strains and weaker responses against others. Side effects such as a sore arm, tiredness and brief fever appear more common than with some current vaccines.",
            "Until new vaccines are approved, health agencies advise eligible people to get the flu vaccine available now. It lowers the risk of severe illness and hospital admission, especially for older adults and people with long-term conditions.",
        ],
        "section": "infectious-disease-vaccines",
        "authors": ["priya-raman", "helena-marsh"],
        "tags": ["mrna", "vaccines"],
        **_source("Example Journal of Vaccine Science", "journals/vaccine-science/mrna-influenza-phase3"),
        "days_ago": 52,
        "hero": {
            "alt": "Abstract illustration: rings and several thin lines on a teal-to-mint gradient.",
            "caption": "mRNA vaccines could be updated more quickly each flu season.",
            "credit": HERO_CREDIT,
        },
    },
    # Drug safety and regulation ------------------------------------------------------------
    {
        "slug": "car-t-boxed-warning-secondary-cancers",
        "title": "Regulator requires boxed warning on CAR-T therapies about secondary blood cancers",
        "dek": "The warning reflects rare reports of T-cell cancers after treatment. The regulator says the benefits still outweigh the risks for approved uses.",
        "body": [
            "The US Food and Drug Administration has required the makers of approved CAR-T cell therapies to add a boxed warning, its most prominent safety label, about the risk of new T-cell cancers after treatment. The requirement covers products aimed at both of the targets currently approved.",
            "The decision followed a small number of reports of T-cell lymphomas and related cancers in patients who had received CAR-T therapy, some appearing within months. In several cases the new cancer carried the engineered receptor, suggesting a link to the treatment itself.",
            "CAR-T therapies are approved for blood cancers such as certain lymphomas, leukaemias and multiple myeloma, often after other treatments have failed. The agency has said that the overall benefits continue to outweigh the risks for these uses.",
            "The labels now advise lifelong monitoring for new cancers. Researchers testing CAR-T in autoimmune disease are watching closely, because their patients are often younger and the balance of benefit and risk may be different.",
            "Anyone who has had CAR-T therapy should keep their follow-up appointments and report new symptoms, such as swollen lymph nodes, skin changes or unexplained fevers, to their care team.",
        ],
        "section": "drug-safety-regulation",
        "authors": ["daniel-whitcombe"],
        "tags": ["car-t", "fda", "drug-safety", "cancer"],
        **_source("Example Regulatory Bulletin", "bulletins/regulatory/car-t-boxed-warning"),
        "days_ago": 2,
        "reviewed_by": "helena-marsh",
        "hero": {
            "alt": "Abstract illustration: rings over soft circles on an amber gradient.",
            "caption": "A boxed warning is the most prominent safety notice on a medicine's label.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "childhood-ct-scans-blood-cancer-risk",
        "title": "CT scans in childhood linked to a small rise in blood cancer risk",
        "dek": "A large study estimates a modest increase in risk with higher radiation doses. Experts say needed scans should not be avoided, but unnecessary ones should.",
        "body": [
            "A large European study of people who had CT scans as children or young adults found a small increase in the risk of blood cancers, such as leukaemia and lymphoma, with higher cumulative radiation dose. The researchers estimate that a minority of the cancers seen in the scanned group could be attributed to the scans.",
            "The absolute risk remains low. For an individual child, the chance of developing a blood cancer after a single scan is very small, and a CT scan can be vital for diagnosing serious injury or illness quickly.",
            "Children are more sensitive to radiation than adults and have more years ahead in which a cancer could develop. Radiology teams use child-sized settings to keep doses as low as possible, and modern scanners use less radiation than older machines.",
            "Parents can reasonably ask whether a scan is needed, whether ultrasound or MRI could answer the same question, and whether the imaging centre adjusts doses for children. When a clinician believes a CT scan is needed urgently, the benefit usually clearly outweighs the risk.",
        ],
        "section": "drug-safety-regulation",
        "authors": ["daniel-whitcombe", "priya-raman"],
        "tags": ["children", "cancer", "medical-imaging"],
        **_source("Example Journal of Radiation Safety", "journals/radiation-safety/paediatric-ct-cohort"),
        "days_ago": 1,
        "reviewed_by": "helena-marsh",
        "hero": {
            "alt": "Abstract illustration: rings and fine lines on an amber gradient.",
            "caption": "Child-sized scanner settings keep radiation doses as low as possible.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "biotech-security-bill-supply-chains",
        "title": "Proposed biotech security law raises questions for medicine supply chains",
        "dek": "A US bill aimed at certain foreign biotechnology suppliers could take years to play out. Analysts are watching for effects on drug development and supply.",
        "body": [
            "Legislation proposed in the US Congress would restrict federal contracts with companies that rely on certain foreign biotechnology suppliers, citing national security. Many drug developers use such firms for research, testing and manufacturing.",
            "Industry groups warn that moving that work elsewhere could be slow and costly, because manufacturing sites must be qualified and inspected before they can make medicines. Supporters argue that relying on fewer single suppliers would make supply chains more resilient over time.",
            "Most versions of the proposal include a transition period for existing contracts, and the final shape of any law remains uncertain. Any effect on patients would more likely appear as slower drug development than as sudden shortages.",
            "People worried about the supply of a particular medicine can ask their pharmacist, who can check availability and suggest alternatives if needed.",
        ],
        "section": "drug-safety-regulation",
        "authors": ["daniel-whitcombe"],
        "tags": ["drug-safety", "fda"],
        **_source("Example Policy Digest", "digests/policy/biotech-supplier-bill"),
        "days_ago": 16,
        "hero": {
            "alt": "Abstract illustration: thin lines crossing circles on an amber gradient.",
            "caption": "Moving manufacturing between suppliers takes inspections and time.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "counterfeit-compounded-glp1-warnings",
        "title": "Regulators warn about counterfeit and compounded weight-loss injections",
        "dek": "Demand for GLP-1 medicines has created a market for unapproved versions. Some have led to dosing errors and hospital visits.",
        "body": [
            "Drug regulators have issued repeated warnings about unapproved versions of GLP-1 medicines used for type 2 diabetes and weight management. Reports include counterfeit pens, products sold online without a prescription, and compounded versions whose dosing instructions differ from approved products.",
            "Poison centres have recorded cases of people taking several times the intended dose, sometimes after confusing units with millilitres. Too much can cause severe nausea, vomiting and dehydration, and in some people low blood sugar.",
            "Counterfeit products may contain the wrong ingredient, the wrong amount or contaminants, and nobody has checked that they are sterile. Buying from unlicensed websites carries a real risk of receiving something other than what the label says.",
            "People using these medicines should get them on prescription from a licensed pharmacy and ask the pharmacist to demonstrate the dose. Suspected fakes and side effects can be reported to the national medicines regulator.",
        ],
        "section": "drug-safety-regulation",
        "authors": ["daniel-whitcombe"],
        "tags": ["glp-1", "fda", "drug-safety", "diabetes"],
        **_source("Example Regulatory Bulletin", "bulletins/regulatory/glp1-unapproved-products"),
        "days_ago": 8,
        "hero": {
            "alt": "Abstract illustration: overlapping circles and a dot grid on an amber gradient.",
            "caption": "Only licensed pharmacies can guarantee what is in the pen.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "plain-language-medicine-leaflets",
        "title": "Patient medicine leaflets could get plainer language under proposed rules",
        "dek": "A proposal would require a short, standard one-page summary for prescription medicines, written for patients rather than professionals.",
        "body": [
            "Regulators have proposed a new format for the information handed to patients with prescription medicines: a one-page summary with standard headings, in plain language. Today's mix of leaflets and handouts varies widely in length and readability.",
            "The summary would set out what the medicine is for, its most important warnings, common side effects and what to do if something goes wrong. Detailed prescribing information for professionals would remain available separately.",
            "Pharmacists and patient groups have broadly welcomed the idea, though some ask how the summaries will be tested with real readers. The proposal is open for public comment before any final rule.",
            "Until then, pharmacists remain a good source of clear answers about any medicine, including how to take it and which side effects need attention.",
        ],
        "section": "drug-safety-regulation",
        "authors": ["daniel-whitcombe"],
        "tags": ["fda", "drug-safety"],
        "original_reporting": True,
        "scheduled_in_days": 3,
        "hero": {
            "alt": "Abstract illustration: soft circles, rings and thin lines on an amber gradient.",
            "caption": "A single page with standard headings could replace today's varied leaflets.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "blood-pressure-medicine-recall-what-to-do",
        "title": "What to do if your blood pressure medicine is recalled",
        "dek": "Recalls of common blood pressure drugs happen from time to time. Stopping suddenly can be riskier than the problem behind the recall.",
        "body": [
            "Manufacturers occasionally recall batches of blood pressure medicines, for example when testing finds an impurity above accepted limits. Recalls usually apply to particular batches from particular manufacturers, not to the medicine as a whole.",
            "Stopping blood pressure treatment abruptly can make pressure rise quickly, and with some drugs it can cause a rebound effect. In most recalls, regulators advise patients to keep taking their medicine until a replacement is available.",
            "Pharmacists can check whether a supply is affected from the batch number and manufacturer. They can usually switch to an unaffected batch or an equivalent product.",
            "If you hear about a recall, contact your pharmacy or prescriber before changing anything. Keep the packaging, since the batch number is printed on it.",
        ],
        "section": "drug-safety-regulation",
        "authors": ["daniel-whitcombe"],
        "tags": ["hypertension", "drug-safety"],
        "original_reporting": True,
        "status": "draft",
        "hero": {
            "alt": "Abstract illustration: rings and long thin lines on an amber gradient.",
            "caption": "The batch number on the pack tells a pharmacist whether a recall applies.",
            "credit": HERO_CREDIT,
        },
    },
    # Health data privacy -------------------------------------------------------------------
    {
        "slug": "drugmaker-breach-exposes-clinician-data",
        "title": "Drugmaker data breach exposes details of hundreds of thousands of clinicians",
        "dek": "A contractor's systems were compromised, exposing names and workplace details of doctors, pharmacists and other health professionals in Japan.",
        "body": [
            "The Japanese unit of a multinational drug company has disclosed that information on several hundred thousand doctors, pharmacists and other health professionals was exposed in a cyberattack. The data was held by an outside contractor that managed the company's sales and marketing records.",
            "According to the company, the records included names, workplaces, job titles and in some cases work contact details. It said no patient information was involved, and that it had informed the authorities and begun notifying those affected.",
            "Although such data is less sensitive than medical records, security specialists note that it can fuel targeted phishing. A message that appears to come from a familiar drug company or professional society can be convincing.",
            "Health professionals who may be affected should treat unexpected emails, calls or texts asking for logins or payments with caution, and verify them through known contacts. Companies, for their part, are being urged to check how their contractors store and protect shared data.",
        ],
        "section": "health-data-privacy",
        "authors": ["grace-lindqvist"],
        "tags": ["data-breach", "privacy"],
        **_source("Example Security Newswire", "newswire/security/pharma-contractor-breach"),
        "days_ago": 0,
        "hero": {
            "alt": "Abstract illustration: a grid of dots and rings on a navy-to-slate-blue gradient.",
            "caption": "Contact details leaked in a breach can be used to make phishing more convincing.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "health-tracking-apps-data",
        "title": "What health and symptom-tracking apps do with your data",
        "dek": "Many apps that log periods, moods or symptoms fall outside medical privacy laws. A few checks can show how your information is used.",
        "body": [
            "Apps that track menstrual cycles, sleep, mood or symptoms collect some of the most personal information people share with any technology. Yet unless the app comes from a healthcare provider or insurer, it is often not covered by the privacy rules for medical records.",
            "Privacy policies may allow data to be shared with advertising or analytics partners, sometimes in a form described as anonymous that can be linked back to individuals when combined with other data. Regulators in several countries have acted against apps that shared health data in ways users did not expect.",
            "Before signing up, check whether the app stores data only on the phone or also in the cloud, whether it shares data for advertising, and whether deleting the account deletes the data. Turning off permissions it does not need, such as location, reduces what is collected.",
            "None of this means health apps are without value; many help people notice patterns worth raising with a clinician. The point is to choose them with the same care as any service that holds sensitive information.",
        ],
        "section": "health-data-privacy",
        "authors": ["grace-lindqvist"],
        "tags": ["privacy", "digital-health"],
        "original_reporting": True,
        "days_ago": 11,
        "hero": {
            "alt": "Abstract illustration: rings and a grid of dots on a navy-to-slate-blue gradient.",
            "caption": "A few settings decide how much a tracking app shares.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "hospital-ransomware-what-patients-should-know",
        "title": "Ransomware attacks on hospitals: what patients should know",
        "dek": "Cyberattacks can delay care and expose records. Patients have a right to know what happened and what to watch for.",
        "body": [
            "Ransomware attacks, in which criminals lock an organisation's systems and demand payment, have repeatedly disrupted hospitals and laboratories. Some have forced hospitals to postpone operations, divert ambulances and fall back on paper records for weeks.",
            "Attackers increasingly copy data before locking systems and threaten to publish it. That can include test results, diagnoses and contact details, so informing affected patients is an important part of the response.",
            "Patients who receive a breach notice should read it carefully and follow its advice, which may include watching bank accounts or being wary of scam calls. A genuine hospital will never ask for passwords or a payment to protect your records.",
            "During an attack, urgent care usually continues, even if more slowly. Anyone with a planned appointment can call to check whether it will go ahead, and nobody should delay seeking emergency help.",
        ],
        "section": "health-data-privacy",
        "authors": ["grace-lindqvist"],
        "tags": ["data-breach", "privacy"],
        **_source("Example Health IT Review", "reviews/health-it/ransomware-hospitals"),
        "days_ago": 29,
        "hero": {
            "alt": "Abstract illustration: rings and straight lines on a navy-to-slate-blue gradient.",
            "caption": "Urgent care continues during most cyberattacks, even if more slowly.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "de-identified-health-records-research",
        "title": "Sharing health records for research: how de-identification works, and where it falls short",
        "dek": "Removing names is only the first step. Researchers are turning to secure environments that let them study data without taking it away.",
        "body": [
            "Large collections of health records have helped researchers spot drug side effects, follow disease trends and compare treatments in everyday practice. Using them responsibly depends on protecting the people whose data they contain.",
            "De-identification removes or blurs details such as names, addresses and exact dates. But combinations of ordinary details, such as a rare diagnosis, an age and a postcode, can sometimes single a person out, especially in small communities.",
            "Many health systems now prefer trusted research environments, in which approved researchers analyse data on secure servers and can export only aggregate results. Access is logged, and projects are reviewed before they are approved.",
            "In some countries patients can opt out of having their records used for research and planning. Surveys suggest most people support research use when the purpose and safeguards are explained.",
        ],
        "section": "health-data-privacy",
        "authors": ["grace-lindqvist", "helena-marsh"],
        "tags": ["privacy", "digital-health"],
        **_source("Example Journal of Health Informatics", "journals/health-informatics/trusted-research-environments"),
        "days_ago": 44,
        "hero": {
            "alt": "Abstract illustration: soft circles behind a grid of dots on a navy-to-slate-blue gradient.",
            "caption": "Secure research environments let analysts study records without taking them away.",
            "credit": HERO_CREDIT,
        },
    },
    # Nutrition --------------------------------------------------------------------------
    {
        "slug": "glp1-medicines-brain-health",
        "title": "GLP-1 medicines and the brain: what the early evidence shows",
        "dek": "Studies of health records link these diabetes and weight-loss drugs to lower rates of some brain conditions, but trials are needed to know whether the drugs are the reason.",
        "body": [
            "GLP-1 receptor agonists, medicines used for type 2 diabetes and obesity, are being studied for possible effects on the brain. Several large studies of health records have found that people taking them had lower rates of stroke and, in some analyses, of dementia.",
            "Receptors for GLP-1 are found in parts of the brain involved in appetite and reward, which is partly how the medicines reduce hunger. Researchers are exploring whether the drugs might also reduce inflammation or improve blood flow in the brain.",
            "Studies of records cannot rule out that people prescribed these drugs differ in other ways, such as their general health or access to care. Some of the same analyses flagged possible risks, including rare eye and digestive problems, that need further study.",
            "Trials testing GLP-1 medicines in early Alzheimer's disease and other brain conditions have so far given mixed or disappointing results. For now the drugs are approved for diabetes, weight management and, for some, lowering cardiovascular risk, and should be used for those reasons under medical supervision.",
        ],
        "section": "nutrition",
        "authors": ["nora-castell", "helena-marsh"],
        "tags": ["glp-1", "diabetes", "stroke"],
        **_source("Example Journal of Metabolic Neuroscience", "journals/metabolic-neuroscience/glp1-brain-outcomes"),
        "days_ago": 1,
        "reviewed_by": "helena-marsh",
        "hero": {
            "alt": "Abstract illustration: circles and crossing lines on a green-to-lime gradient.",
            "caption": "Associations in health records are a starting point, not proof.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "peanuts-and-high-blood-pressure",
        "title": "Can people with high blood pressure eat peanuts? Yes, but watch the salt",
        "dek": "Plain peanuts fit well in a heart-healthy diet. Salted, honey-roasted and coated versions are another matter.",
        "body": [
            "Peanuts are rich in unsaturated fats, protein, fibre and minerals such as magnesium and potassium, all of which suit a diet that supports healthy blood pressure. Studies of eating patterns link regular nut eating with lower rates of heart disease.",
            "For people with hypertension, the concern is usually not the peanut but what is added to it. Salted and flavoured peanuts can carry a large share of a day's recommended sodium in one handful.",
            "Unsalted, dry-roasted or raw peanuts in a small handful make a sensible snack. They are energy-dense, so they work best in place of less healthy snacks rather than on top of them.",
            "People with a peanut allergy must of course avoid them, and anyone on a low-potassium diet for kidney disease should check with their care team. For most others, plain peanuts can be part of an eating pattern such as the DASH diet.",
        ],
        "section": "nutrition",
        "authors": ["nora-castell"],
        "tags": ["nutrition", "hypertension", "heart-disease"],
        "original_reporting": True,
        "days_ago": 5,
        "hero": {
            "alt": "Abstract illustration: soft circles and small dots on a green-to-lime gradient.",
            "caption": "Unsalted nuts keep the benefits without the sodium.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "why-eel-is-always-cooked",
        "title": "Why eel is always cooked: the risks of eating it raw",
        "dek": "Eel blood contains a protein that is toxic to people, and raw freshwater fish can carry parasites. Thorough cooking deals with both.",
        "body": [
            "Unlike many fish served raw as sashimi, eel is almost always cooked first, usually grilled or steamed. There are good reasons for that tradition.",
            "Eel blood contains a protein that is toxic to humans and can cause illness if eaten raw, but heat destroys it. Raw freshwater fish, eel included, can also carry parasites that infect the gut, liver or other organs.",
            "Cooking to a safe internal temperature kills parasites and breaks down the toxin. Freezing kills some parasites but does not deal with the toxin, so it does not make raw eel safe.",
            "Cooked eel provides protein and vitamin A, though it is fairly high in fat. People who are pregnant, elderly or have weakened immune systems should be especially careful with any raw or undercooked fish.",
        ],
        "section": "nutrition",
        "authors": ["nora-castell"],
        "tags": ["nutrition", "food-safety"],
        **_source("Example Food Safety Quarterly", "quarterly/food-safety/raw-eel-hazards"),
        "days_ago": 19,
        "hero": {
            "alt": "Abstract illustration: long straight lines over circles on a green-to-lime gradient.",
            "caption": "Heat breaks down the toxin in eel blood and kills parasites.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "eating-well-on-glp1-medicines",
        "title": "Eating well on GLP-1 medicines: protecting muscle as appetite falls",
        "dek": "When hunger drops sharply, what you do eat matters more. Dietitians suggest putting protein and fluids first.",
        "body": [
            "GLP-1 medicines reduce appetite, and many people find they eat far less than before. Weight lost this way includes some muscle as well as fat, which matters for strength and metabolism, especially in older adults.",
            "Dietitians often advise building meals around a source of protein, such as fish, eggs, dairy, beans or lentils, and eating it first. Spreading protein across the day may help the body make use of it.",
            "Nausea and constipation are common, particularly when the dose goes up. Smaller meals, eating slowly, limiting very fatty foods and drinking enough water can help, and fibre is best increased gradually.",
            "Strength exercises two or three times a week help preserve muscle. A dietitian can help people on these medicines get enough vitamins and minerals while eating less.",
        ],
        "section": "nutrition",
        "authors": ["nora-castell"],
        "tags": ["glp-1", "nutrition", "diabetes"],
        "original_reporting": True,
        "days_ago": 27,
        "hero": {
            "alt": "Abstract illustration: rings and small dots on a green-to-lime gradient.",
            "caption": "Protein first: a simple rule when appetite is small.",
            "credit": HERO_CREDIT,
        },
    },
    {
        "slug": "less-salt-in-school-meals",
        "title": "Less salt in school meals: small changes, long-term gains",
        "dek": "Children eat more salt than recommended, much of it from processed food. Schools that changed their recipes show it can be cut without losing diners.",
        "body": [
            "Most children eat more salt than guidelines recommend, and much of it comes from bread, processed meat, sauces and snacks rather than the salt shaker. Eating habits formed in childhood tend to last into adult life.",
            "Higher salt intake is linked to higher blood pressure in children, and blood pressure tends to track from childhood into adulthood. Lowering salt early may help reduce the risk of hypertension later.",
            "School caterers that reduced salt gradually, using herbs, spices and fresh ingredients, report that most pupils did not notice. Sudden large cuts are more likely to meet resistance.",
            "At home, families can compare labels, choose lower-salt versions of staples such as bread and stock, and keep salty snacks occasional. Taste adjusts to less salt within a few weeks.",
        ],
        "section": "nutrition",
        "authors": ["nora-castell", "priya-raman"],
        "tags": ["nutrition", "children", "hypertension"],
        **_source("Example Journal of Child Nutrition", "journals/child-nutrition/school-salt-reduction"),
        "days_ago": 58,
        "hero": {
            "alt": "Abstract illustration: rows of small dots and a large circle on a green-to-lime gradient.",
            "caption": "Gradual recipe changes went largely unnoticed by pupils.",
            "credit": HERO_CREDIT,
        },
    },
]
