"""Log in and out with Django's auth; django-axes throttles failed passwords.

With an authenticator confirmed, the password alone logs nobody in: it opens
a second step that asks for the current code.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from wasit import policy
from wasit.accounts import actions, queries, totp
from wasit.accounts.forms import AccountForm, OutboxPasswordResetForm, RevokeTokenForm, TokenForm
from wasit.accounts.viewer import request_viewer
from wasit.policy import ActionRefused

PENDING = "wasit_2fa_pending"
MAX_CODE_TRIES = 5


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code from your authenticator app"), max_length=10,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                         "inputmode": "numeric", "dir": "ltr"}))


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if not queries.has_second_factor(user.pk):
            return super().form_valid(form)
        # The password was right; the second factor is still owed.
        self.request.session.cycle_key()
        self.request.session[PENDING] = {
            "user_id": user.pk, "backend": getattr(user, "backend", ""), "tries": 0,
            "next": self.get_success_url(),
        }
        return redirect("accounts:login_code")


def login_code(request: HttpRequest) -> HttpResponse:
    pending: dict[str, Any] | None = request.session.get(PENDING)
    if not pending:
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if actions.check_second_factor(user_id=pending["user_id"], code=form.cleaned_data["code"]):
            del request.session[PENDING]
            user = get_user_model().objects.get(pk=pending["user_id"])
            login(request, user, backend=pending["backend"] or None)
            target = pending["next"]
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = "/"
            return HttpResponseRedirect(target)
        pending["tries"] += 1
        request.session[PENDING] = pending
        actions.record_failed_login(username=get_user_model().objects.get(pk=pending["user_id"]).get_username(),
                                    address=str(request.META.get("REMOTE_ADDR", "")))
        if pending["tries"] >= MAX_CODE_TRIES:
            del request.session[PENDING]
            return render(request, "accounts/locked_out.html", {"cooloff_minutes": 0}, status=429)
        form.add_error("code", _("That code is not right."))
    return render(request, "accounts/login_code.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: show a new secret, confirm it with a code."""
    viewer = request_viewer(request)
    secret = request.session.get("wasit_2fa_secret") or totp.new_secret()
    request.session["wasit_2fa_secret"] = secret
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.enable_two_factor(viewer, secret=secret, code=form.cleaned_data["code"])
        except ActionRefused as exc:
            form.add_error("code", str(exc.message))
        else:
            del request.session["wasit_2fa_secret"]
            return render(request, "accounts/two_factor.html", {"done": True})
    return render(request, "accounts/two_factor.html", {
        "form": form, "secret": secret, "spaced": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "uri": totp.provisioning_uri(secret, account=request.user.get_username()),
        "enabled": queries.has_second_factor(request.user.pk),
        "required": getattr(request, "wasit_2fa_required", False),
    }, status=400 if request.method == "POST" else 200)


class LogoutView(auth_views.LogoutView):
    next_page = "accounts:login"


# Password reset is Django's: the "sent" page reads the same whether or not
# an account has that address, so it tells nobody who has an account.
class PasswordResetView(auth_views.PasswordResetView):
    form_class = OutboxPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- one's own API tokens ----------------------------------------------------------


def _tokens_page(request: HttpRequest, *, form: TokenForm | None = None, new_token: str = "",
                 status: int = 200) -> HttpResponse:
    viewer = request_viewer(request)
    return render(request, "accounts/tokens.html", {
        "tokens": queries.tokens_of(viewer.user_id), "form": form or TokenForm(), "new_token": new_token,
    }, status=status)


@require_safe
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    return _tokens_page(request)


@never_cache
@require_POST
@login_required
def issue_token(request: HttpRequest) -> HttpResponse:
    """The new token is shown on this answer alone: only its digest is kept."""
    viewer = request_viewer(request)
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token = actions.issue_token(viewer, user_id=viewer.user_id or 0, label=form.cleaned_data["label"])
        except ActionRefused as exc:
            form.add_error("label", str(exc.message))
        else:
            return _tokens_page(request, new_token=token)
    return _tokens_page(request, form=form, status=400)


@require_POST
@login_required
def revoke_token(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    form = RevokeTokenForm(request.POST)
    row = queries.find_own_token(viewer.user_id, form.data.get("token", "") if form.is_valid() else "")
    if row is None:
        raise policy.NotFound
    try:
        actions.revoke_token(viewer, token_id=row.pk)
    except ActionRefused as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The token is revoked: it no longer works anywhere."))
    return redirect("accounts:tokens")


# --- the operators' accounts page ----------------------------------------------------


@require_safe
@login_required
def people(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    policy.require(viewer, "manage_accounts")
    query = str(request.GET.get("q", ""))[:100]
    return render(request, "accounts/people.html", {
        "accounts": queries.accounts(query)[:500], "q": query, "me": viewer.user_id})


def _account_change(request: HttpRequest, change: Any) -> HttpResponse:
    viewer = request_viewer(request)
    policy.require(viewer, "manage_accounts")
    form = AccountForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an account."))
        return redirect("accounts:people")
    try:
        change(viewer, form.cleaned_data["user"], form.cleaned_data["value"])
    except ActionRefused as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Saved."))
    return redirect("accounts:people")


@require_POST
@login_required
def account_active(request: HttpRequest) -> HttpResponse:
    return _account_change(request, lambda v, user_id, value: actions.set_account_active(
        v, user_id=user_id, active=value))


@require_POST
@login_required
def account_open_talks(request: HttpRequest) -> HttpResponse:
    return _account_change(request, lambda v, user_id, value: actions.set_may_open_talks(
        v, user_id=user_id, granted=value))
