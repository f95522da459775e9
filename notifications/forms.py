"""The preferences form: for each kind, by e-mail and in the admin (both on until a person says otherwise)."""

from django import forms

from .models import Kind, Preference


class PreferencesForm(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        chosen = {row.kind: row for row in Preference.objects.filter(user=user)}
        self.rows = []
        for kind in Kind:
            row = chosen.get(kind.value)
            email = forms.BooleanField(required=False, label=f"{kind.label}: by e-mail",
                                       initial=row.by_email if row else True)  # fmt: skip
            admin = forms.BooleanField(required=False, label=f"{kind.label}: in the admin",
                                       initial=row.in_admin if row else True)  # fmt: skip
            self.fields[f"email_{kind.value}"] = email
            self.fields[f"admin_{kind.value}"] = admin
            self.rows.append((kind.label, self[f"email_{kind.value}"], self[f"admin_{kind.value}"]))

    def save(self):
        for kind in Kind:
            Preference.objects.update_or_create(
                user=self.user,
                kind=kind.value,
                defaults={
                    "by_email": self.cleaned_data[f"email_{kind.value}"],
                    "in_admin": self.cleaned_data[f"admin_{kind.value}"],
                },
            )
