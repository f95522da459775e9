"""Word lists and a seeded text generator for `manage.py generate_articles` (benchmarks).

The vocabulary is medical on purpose: search must have real work to do (stemming,
common and rare words, multi-word queries), and related stories need a realistic tag
distribution. Everything here is plain data and pure functions of a `random.Random`,
so one seed always gives the same archive; nothing touches the database.

Tags follow a long tail: TAGS lists about 500 names, most frequent first, and an
article draws its tags with Zipf weights (rank ** -TAG_ZIPF_EXPONENT), so "COVID-19"
lands on a large share of articles and most tags on a handful.
"""

import random
import string
from dataclasses import dataclass
from datetime import timedelta
from html import escape

from django.utils.text import slugify

# --- Sections and authors -------------------------------------------------------------

# (name, slug, description, weight): the weight is the section's share of the archive.
SECTIONS = [
    ("Cardiology", "cardiology", "Heart and blood vessels: research, treatment and prevention.", 14),
    ("Oncology", "oncology", "Cancer research, screening and treatment.", 16),
    ("Infectious disease and vaccines", "infectious-disease", "Outbreaks, infections and immunisation.", 18),
    ("Neurology", "neurology", "The brain and nervous system.", 9),
    ("Mental health", "mental-health", "Psychiatry, psychology and wellbeing.", 10),
    ("Nutrition", "nutrition", "Diet, metabolism and what the evidence says.", 7),
    ("Children's health", "childrens-health", "Paediatrics, from newborns to teenagers.", 8),
    ("Drug safety and regulation", "drug-safety", "Approvals, recalls, warnings and the regulators.", 10),
    ("Health policy", "health-policy", "Health systems, insurance, costs and public health law.", 8),
]

# (name, credentials, job title, weight): prolific staff writers weigh more.
AUTHORS = [
    ("Maren Holloway", "MD", "Senior medical editor", 9),
    ("Tobias Achterberg", "", "Health reporter", 8),
    ("Ines Carvalho", "PhD", "Science correspondent", 7),
    ("Rahul Venkataraman", "MD, MPH", "Public health editor", 6),
    ("Claire Osei", "", "News editor", 6),
    ("Jonas Whitfield", "", "Staff writer", 5),
    ("Aiko Tanabe", "PharmD", "Drug safety reporter", 5),
    ("Felix Ambrose", "", "Staff writer", 4),
    ("Lucia Ferrante", "MD", "Cardiology contributor", 4),
    ("Owen Prescott", "", "Data reporter", 4),
    ("Sofia Lindgren", "RN", "Nursing contributor", 3),
    ("Kwame Boateng", "MD, PhD", "Oncology contributor", 3),
    ("Hannah Brightwell", "", "Staff writer", 3),
    ("Mateo Quiroga", "", "Health policy reporter", 3),
    ("Elif Demirci", "PhD", "Neuroscience writer", 3),
    ("Patrick Dunmore", "", "Contributing writer", 2),
    ("Yara Haddad", "MD", "Paediatrics contributor", 2),
    ("Bastian Kroll", "", "Contributing writer", 2),
    ("Nadia Petrova", "PhD", "Nutrition scientist", 2),
    ("Samir Qureshi", "MD", "Infectious disease contributor", 2),
    ("Greta Halvorsen", "", "Intern", 1),
    ("Dominic Ashby", "", "Freelance writer", 1),
    ("Leila Farahani", "MD", "Psychiatry contributor", 1),
    ("Conor Kealy", "", "Freelance writer", 1),
    ("Mirela Stanescu", "PhD", "Epidemiologist", 1),
    ("Tomasz Wieczorek", "", "Freelance writer", 1),
]

# --- Vocabulary -----------------------------------------------------------------------

CONDITIONS = [
    "COVID-19", "influenza", "measles", "tuberculosis", "malaria", "HIV", "hepatitis B", "hepatitis C",
    "RSV", "mpox", "dengue", "Lyme disease", "sepsis", "pneumonia", "whooping cough", "shingles",
    "heart failure", "atrial fibrillation", "hypertension", "coronary artery disease", "stroke",
    "heart attack", "high cholesterol", "peripheral artery disease", "aortic stenosis", "myocarditis",
    "breast cancer", "lung cancer", "prostate cancer", "colorectal cancer", "pancreatic cancer",
    "melanoma", "leukaemia", "lymphoma", "ovarian cancer", "cervical cancer", "glioblastoma",
    "type 2 diabetes", "type 1 diabetes", "obesity", "fatty liver disease", "chronic kidney disease",
    "Alzheimer's disease", "Parkinson's disease", "multiple sclerosis", "epilepsy", "migraine",
    "ALS", "dementia", "concussion", "depression", "anxiety", "bipolar disorder", "schizophrenia",
    "PTSD", "ADHD", "autism", "insomnia", "eating disorders", "opioid use disorder",
    "asthma", "COPD", "cystic fibrosis", "sleep apnoea", "rheumatoid arthritis", "lupus",
    "psoriasis", "Crohn's disease", "ulcerative colitis", "coeliac disease", "osteoporosis",
    "osteoarthritis", "gout", "endometriosis", "preeclampsia", "infertility", "sickle cell disease",
    "haemophilia", "anaemia", "glaucoma", "macular degeneration", "hearing loss", "long COVID",
    "food allergies", "eczema", "acne", "chronic pain", "back pain", "kidney stones", "gallstones",
]  # fmt: skip

DRUGS = [
    "semaglutide", "tirzepatide", "metformin", "insulin glargine", "empagliflozin", "dapagliflozin",
    "atorvastatin", "rosuvastatin", "aspirin", "apixaban", "rivaroxaban", "warfarin", "lisinopril",
    "amlodipine", "sacubitril", "pembrolizumab", "nivolumab", "trastuzumab", "tamoxifen", "olaparib",
    "lecanemab", "donanemab", "levodopa", "ketamine", "esketamine", "psilocybin", "sertraline",
    "fluoxetine", "lithium", "buprenorphine", "naloxone", "methadone", "paxlovid", "remdesivir",
    "oseltamivir", "amoxicillin", "azithromycin", "doxycycline", "ivermectin", "hydroxychloroquine",
    "adalimumab", "methotrexate", "dupilumab", "ozempic", "vitamin D", "omega-3 supplements",
    "folic acid", "iron supplements", "melatonin", "ibuprofen", "paracetamol", "corticosteroids",
    "CAR-T cell therapy", "gene therapy", "mRNA vaccines", "monoclonal antibodies", "stem cell transplants",
]  # fmt: skip

TOPICS = [
    "Vaccines", "Clinical trials", "Public health", "FDA", "EMA", "WHO", "CDC", "Drug safety",
    "Drug prices", "Health insurance", "Medicare", "Medicaid", "Nutrition", "Exercise", "Sleep",
    "Screening", "Genetics", "Genomics", "Artificial intelligence", "Digital health", "Telemedicine",
    "Wearables", "Health data privacy", "Data breach", "Nursing", "Hospitals", "Primary care",
    "Emergency medicine", "Surgery", "Transplants", "Antibiotic resistance", "Pandemic preparedness",
    "Air pollution", "Climate and health", "Heat waves", "Smoking", "Vaping", "Alcohol", "Cannabis",
    "Ultra-processed food", "Sugar", "Salt", "Microbiome", "Immunotherapy", "Precision medicine",
    "Rare diseases", "Health equity", "Global health", "Maternal health", "Ageing", "Caregivers",
    "Physician burnout", "Medical education", "Research funding", "Retractions", "Peer review",
    "Misinformation", "Recalls", "Shortages", "Generic drugs", "Biosimilars", "Medical devices",
    "Radiology", "Pathology", "Anaesthesia", "Palliative care", "Dentistry", "Vision", "Skin care",
]  # fmt: skip

POPULATIONS = [
    "children", "teenagers", "older adults", "pregnant women", "newborns", "veterans", "nurses",
    "healthcare workers", "athletes", "smokers", "adults over 65", "young adults", "men", "women",
    "people with disabilities", "rural patients", "cancer survivors", "transplant recipients",
]  # fmt: skip

INSTITUTIONS = [
    "a university hospital in Lyon", "the Karolinska Institute", "a Toronto research centre",
    "a consortium of 40 hospitals", "a Melbourne research institute", "a Copenhagen university",
    "a Boston teaching hospital", "a national cancer institute", "a Cape Town research group",
    "a network of primary care practices", "a Singapore medical school", "a Dutch cohort study",
    "a Seoul university hospital", "a São Paulo public hospital", "a Scottish health board",
    "an academic medical centre in Zurich", "a Nairobi clinical research unit", "a Kyoto laboratory",
]  # fmt: skip

JOURNALS = [
    "The Lancet", "NEJM", "JAMA", "BMJ", "Nature Medicine", "Annals of Internal Medicine",
    "Circulation", "JAMA Oncology", "Lancet Infectious Diseases", "Pediatrics", "Neurology",
    "Diabetes Care", "Gut", "Thorax", "European Heart Journal", "Cell", "Science Translational Medicine",
]  # fmt: skip

OUTCOMES = [
    "hospital admissions", "the risk of death", "blood pressure", "blood sugar", "LDL cholesterol",
    "the rate of relapse", "tumour growth", "viral load", "symptom scores", "quality of life",
    "days in intensive care", "the need for surgery", "cognitive decline", "body weight",
    "inflammation markers", "readmissions within 30 days", "the number of seizures", "pain scores",
    "time to recovery", "the risk of a second stroke", "kidney function", "bone density",
]  # fmt: skip

STUDY_TYPES = [
    "a randomised controlled trial", "a large observational study", "a meta-analysis of 27 trials",
    "a phase 3 trial", "a phase 2 trial", "a cohort study following patients for a decade",
    "a retrospective analysis of health records", "a small pilot study", "a systematic review",
    "a case-control study", "a modelling study", "a nationwide registry study",
]  # fmt: skip

FINDINGS = [
    "reduced", "lowered", "cut", "modestly reduced", "did not change", "slightly increased",
    "improved", "sharply reduced", "had no measurable effect on", "was linked to lower",
]  # fmt: skip

EXPERTS = [
    "a cardiologist who was not involved in the study", "the study's lead author",
    "an epidemiologist at a public health agency", "a professor of medicine", "an oncologist",
    "a paediatrician", "a spokesperson for the regulator", "a patient advocate", "a pharmacist",
    "an independent statistician", "a neurologist", "a general practitioner", "a health economist",
]  # fmt: skip

CAVEATS = [
    "the trial was too short to measure long-term harms",
    "most participants were white and middle-aged, which limits how far the results travel",
    "the study was funded by the drug's manufacturer",
    "observational data cannot prove cause and effect",
    "the results have not yet been peer reviewed",
    "the effect, while statistically significant, was small in absolute terms",
    "participants knew which treatment they were receiving",
    "about one in five participants dropped out before the end",
    "the findings need to be confirmed in a larger trial",
    "the comparison group received an older standard of care",
]  # fmt: skip

SIDE_EFFECTS = [
    "nausea", "headache", "fatigue", "dizziness", "rash", "diarrhoea", "joint pain", "insomnia",
    "low blood sugar", "injection-site reactions", "liver enzyme changes", "hair loss", "muscle aches",
]  # fmt: skip

ADVICE = [
    "Patients should not stop or change a medicine without talking to their doctor.",
    "Anyone with symptoms that worsen quickly should seek urgent care.",
    "Doctors said the results do not change current guidelines yet.",
    "Guideline committees are expected to review the evidence next year.",
    "Readers with questions about their own treatment should ask their care team.",
    "Vaccination remains the most effective protection, health officials said.",
    "Regular exercise, a balanced diet and not smoking still matter most, the authors wrote.",
]  # fmt: skip

SENTENCES = [
    "{Study} published in {journal} found that {drug} {finding} {outcome} in patients with {condition}.",
    "The study followed {n} participants for {months} months.",
    "Researchers at {institution} compared {drug} with a placebo in {population} with {condition}.",
    "After {months} months, {outcome} {moved} by {pct} percent in the treatment group.",
    "In the control group, the change was {pct2} percent.",
    "\u201cThis is encouraging, but it is not a cure,\u201d said {expert}.",
    "\u201cWe need to see whether these benefits hold up in everyday practice,\u201d said {expert}.",
    "The most common side effects were {side} and {side2}.",
    "Serious adverse events were rare, occurring in {small} percent of participants.",
    "Experts cautioned that {caveat}.",
    "{Condition} affects an estimated {millions} million people worldwide.",
    "Rates of {condition} have risen among {population} over the past decade.",
    "The findings add to growing evidence that {topic_l} plays a role in {condition}.",
    "Earlier trials of {drug} in {condition} had produced mixed results.",
    "The regulator said it would review the data before deciding whether to expand the drug's label.",
    "The authors called for more research into how {drug} works in {population}.",
    "Screening for {condition} is recommended for {population} in several countries.",
    "Public health officials reported {n} new cases of {condition} in the latest weekly update.",
    "Hospitals in the region said they had enough capacity to cope with the rise in {condition} cases.",
    "A separate analysis suggested the benefit was largest among {population}.",
    "The cost of {drug} remains a barrier for many patients, according to {expert}.",
    "{Institution_cap} plans to start a larger trial next year.",
    "Patients in the trial received {drug} once a {period} for {months} months.",
    "The team measured {outcome} at the start of the study and every {weeks} weeks afterwards.",
    "Those who took {drug} were {pct} percent less likely to be admitted to hospital.",
    "The association remained after adjusting for age, sex, smoking and income.",
    "{Expert_cap} said the study was carefully designed but relatively small.",
    "Genetic testing identified a variant linked to a higher risk of {condition}.",
    "Wearable devices recorded sleep, heart rate and activity throughout the study.",
    "The researchers used machine learning to predict which patients would develop {condition}.",
    "Data from {n} health records were analysed for the study.",
    "{Advice}",
]  # fmt: skip

SUBHEADS = [
    "What the study found", "How the trial worked", "What experts say", "The caveats",
    "What it means for patients", "What happens next", "Side effects", "The bigger picture",
]  # fmt: skip

TITLES = [
    "{Drug} {finding} {outcome} in {condition}, {study} finds",
    "New trial of {drug} offers hope for people with {condition}",
    "Study links {topic_l} to higher risk of {condition}",
    "{Condition} cases rise among {population}, officials say",
    "What a new {journal} study means for patients with {condition}",
    "Regulators review {drug} after reports of {side}",
    "{Condition}: researchers test {drug} in {population}",
    "Why {population} face a growing risk of {condition}",
    "{Topic}: what the latest evidence says about {condition}",
    "Doctors debate {drug} for {condition} after mixed trial results",
    "Screening for {condition} could spare {population} late diagnoses",
    "Large study questions the benefit of {drug} in {condition}",
]  # fmt: skip

DEKS = [
    "{Study} of {n} patients suggests {drug} {finding} {outcome}, but experts urge caution.",
    "Researchers say the findings could change how {condition} is treated in {population}.",
    "The results are promising, though {caveat}.",
    "Health officials are watching the trend closely as {condition} cases climb.",
    "A look at what the new data on {drug} do and do not show.",
]  # fmt: skip

# --- Tags ---------------------------------------------------------------------------

# The head of the distribution, most frequent first.
HEAD_TAGS = [
    "COVID-19", "Vaccines", "Cancer", "Heart disease", "FDA", "Mental health", "Diabetes",
    "Clinical trials", "Public health", "Obesity", "Alzheimer's disease", "Influenza", "Stroke",
    "Hypertension", "Drug safety", "Nutrition", "Children", "Pregnancy", "Immunotherapy",
    "Antibiotic resistance", "Long COVID", "Depression", "Drug prices", "Exercise", "Sleep",
]  # fmt: skip

TAG_ZIPF_EXPONENT = 1.05
TAG_COUNT = 500


def _title_case(text):
    return text[:1].upper() + text[1:]


def tag_names(count=TAG_COUNT):
    """`count` distinct tag names, most frequent first: the head, then a fixed shuffle of the rest.

    The order does not depend on the command's --seed, so a tag's rank (and so its
    share of articles) is the same in every generated archive.
    """
    names, seen = [], set()

    def add(name):
        key = slugify(name)
        if key and key not in seen:
            seen.add(key)
            names.append(name)

    for name in HEAD_TAGS:
        add(name)
    pool = [_title_case(name) for name in CONDITIONS + DRUGS] + TOPICS + [_title_case(p) for p in POPULATIONS]
    qualifiers = ["screening", "in children", "research", "treatment", "prevention", "guidelines", "diagnosis"]
    pool += [f"{_title_case(condition)} {qualifier}" for condition in CONDITIONS for qualifier in qualifiers]
    random.Random(20_240_501).shuffle(pool)
    for name in pool:
        if len(names) >= count:
            break
        add(name)
    return names[:count]


def zipf_cum_weights(count, exponent=TAG_ZIPF_EXPONENT):
    """Cumulative Zipf weights for ranks 1..count, for random.choices(cum_weights=...)."""
    total, cumulative = 0.0, []
    for rank in range(1, count + 1):
        total += rank**-exponent
        cumulative.append(total)
    return cumulative


# --- Sentence slots -------------------------------------------------------------------


def _choice(words):
    return lambda rng, subject: rng.choice(words)


def _capital(words):
    return lambda rng, subject: _title_case(rng.choice(words))


def _lower(word):
    return word if word.isupper() else word.lower()  # "FDA" stays "FDA"


def _condition(rng, subject):
    # Most sentences keep to the article's subject, so its words dominate the story.
    return subject if rng.random() < 0.6 else rng.choice(CONDITIONS)


SLOTS = {
    "condition": _condition,
    "Condition": lambda rng, subject: _title_case(_condition(rng, subject)),
    "drug": _choice(DRUGS),
    "Drug": _capital(DRUGS),
    "population": _choice(POPULATIONS),
    "institution": _choice(INSTITUTIONS),
    "Institution_cap": _capital(INSTITUTIONS),
    "journal": _choice(JOURNALS),
    "outcome": _choice(OUTCOMES),
    "study": _choice(STUDY_TYPES),
    "Study": _capital(STUDY_TYPES),
    "finding": _choice(FINDINGS),
    "expert": _choice(EXPERTS),
    "Expert_cap": _capital(EXPERTS),
    "caveat": _choice(CAVEATS),
    "side": _choice(SIDE_EFFECTS),
    "side2": _choice(SIDE_EFFECTS),
    "topic_l": lambda rng, subject: _lower(rng.choice(TOPICS)),
    "Topic": _choice(TOPICS),
    "Advice": _choice(ADVICE),
    "n": lambda rng, subject: f"{rng.choice([120, 340, 800, 1200, 2500, 4800, 12000, 36000, 250000]):,}",
    "months": _choice([3, 6, 9, 12, 18, 24, 36]),
    "weeks": _choice([2, 4, 6, 8, 12]),
    "pct": lambda rng, subject: rng.randint(5, 45),
    "pct2": lambda rng, subject: rng.randint(0, 12),
    "small": _choice(["0.5", "1", "2", "3", "4"]),
    "millions": _choice([2, 5, 12, 40, 55, 120, 400]),
    "moved": _choice(["fell", "dropped", "improved", "changed"]),
    "period": _choice(["day", "week", "month"]),
}

_FIELDS = {}


def _fields(template):
    """The slot names a template uses, parsed once."""
    if template not in _FIELDS:
        _FIELDS[template] = sorted({name for _, name, _, _ in string.Formatter().parse(template) if name})
    return _FIELDS[template]


# --- Articles -----------------------------------------------------------------------


@dataclass
class ArticleSpec:
    """One generated article, before it becomes database rows."""

    title: str
    slug: str
    dek: str
    body: str
    section_index: int
    author_indexes: list
    tag_indexes: list
    published_at: object
    source_name: str
    original_reporting: bool
    reviewer_index: int | None = None
    reviewed_after_days: int = 0


class ArticleGenerator:
    """Seeded article specs: same seed, same sequence of articles."""

    def __init__(self, seed, *, tag_count, section_weights, author_weights, reviewer_indexes, until, years=8):
        self.rng = random.Random(seed)
        self.tag_count = tag_count
        self.tag_cum_weights = zipf_cum_weights(tag_count)
        self.tag_ranks = range(tag_count)
        self.section_cum = _cumulative(section_weights)
        self.author_cum = _cumulative(author_weights)
        self.reviewer_indexes = list(reviewer_indexes)
        self.until = until
        self.span_seconds = int(years * 365.25 * 86400)
        self.used_slugs = set()

    def _sentence(self, template, subject):
        """`template` with each of its slots drawn afresh (so a paragraph does not repeat one drug)."""
        return template.format(**{name: SLOTS[name](self.rng, subject) for name in _fields(template)})

    def _body(self, subject):
        r = self.rng
        paragraphs = []
        for index in range(r.randint(4, 9)):
            if index and r.random() < 0.15:
                paragraphs.append(f"<h2>{escape(r.choice(SUBHEADS), quote=False)}</h2>")
            sentences = [self._sentence(r.choice(SENTENCES), subject) for _ in range(r.randint(2, 6))]
            paragraphs.append(f"<p>{escape(' '.join(sentences), quote=False)}</p>")
        return "\n".join(paragraphs)

    def _tags(self):
        r = self.rng
        wanted = r.choice([1, 2, 2, 3, 3, 3, 4, 4, 5, 6])
        chosen = []
        for _ in range(wanted * 3):
            index = r.choices(self.tag_ranks, cum_weights=self.tag_cum_weights)[0]
            if index not in chosen:
                chosen.append(index)
                if len(chosen) == wanted:
                    break
        return chosen

    def _slug(self, title):
        base = slugify(title)[:80].strip("-") or "story"
        while True:
            slug = f"{base}-{self.rng.getrandbits(40):010x}"
            if slug not in self.used_slugs:
                self.used_slugs.add(slug)
                return slug

    def _published_at(self):
        # Denser towards today, as an archive that grows: age = span * u^1.6.
        age = int(self.span_seconds * self.rng.random() ** 1.6)
        return self.until - timedelta(seconds=age)

    def article(self):
        r = self.rng
        subject = r.choice(CONDITIONS)
        title = _title_case(self._sentence(r.choice(TITLES), subject))
        authors = []
        for _ in range(r.choice([1, 1, 1, 1, 2, 2, 3])):
            index = r.choices(range(len(self.author_cum)), cum_weights=self.author_cum)[0]
            if index not in authors:
                authors.append(index)
        reviewer = r.choice(self.reviewer_indexes) if self.reviewer_indexes and r.random() < 0.4 else None
        original = r.random() < 0.15
        return ArticleSpec(
            title=title[:250],
            slug=self._slug(title),
            dek=_title_case(self._sentence(r.choice(DEKS), subject)),
            body=self._body(subject),
            section_index=r.choices(range(len(self.section_cum)), cum_weights=self.section_cum)[0],
            author_indexes=authors,
            tag_indexes=self._tags(),
            published_at=self._published_at(),
            source_name="" if original else r.choice(JOURNALS),
            original_reporting=original,
            reviewer_index=reviewer,
            reviewed_after_days=r.randint(0, 30),
        )


def _cumulative(weights):
    total, cumulative = 0, []
    for weight in weights:
        total += weight
        cumulative.append(total)
    return cumulative
