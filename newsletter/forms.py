from django import forms

from articles.models import Section

from .models import Frequency


class SubscribeForm(forms.Form):
    email = forms.EmailField(label="Your e-mail address", max_length=254)
    frequency = forms.ChoiceField(
        label="How often", choices=Frequency.choices, initial=Frequency.WEEKLY, widget=forms.RadioSelect
    )
    sections = forms.ModelMultipleChoiceField(
        label="Sections",
        queryset=Section.objects.in_navigation().order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose none for stories from every section.",
    )
