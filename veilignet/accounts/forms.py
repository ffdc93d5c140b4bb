from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Gebruikersnaam of wachtwoord klopt niet. Let op hoofdletters."),
        "inactive": _("Dit account is niet actief. Neem contact op met uw beheerder."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Gebruikersnaam")
        self.fields["password"].label = _("Wachtwoord")
        self.fields["username"].widget = forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"})
