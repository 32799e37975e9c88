"""The business's public texts per language: written on Settings → Business profile,
shown on the help center in the visitor's language, else in the default language."""

from __future__ import annotations

from django.test import Client

from frontdesk.accounts.models import Workspace

PROFILE = {
    "name": "Kettle Corner",
    "default_language": "en",
    "response_promise_hours": "8",
    "tagline": "Hot water, fast",
    "about": "A family shop since 1990.",
    "next_steps": "Urgent? Call us.",
    "tagline__tr": "Sıcak su, hızlı",
    "about__tr": "",
    "next_steps__tr": "Acil mi? Bizi arayın.",
    "tagline__sk": "",
}


def test_a_manager_writes_texts_per_language_and_visitors_read_their_own(personas):
    manager = Client()
    manager.force_login(personas.manager)
    form = manager.get("/settings/business/").content.decode()
    assert 'name="tagline__tr"' in form and 'name="tagline__en"' not in form
    assert manager.post("/settings/business/", PROFILE).status_code == 302
    workspace = Workspace.current(fresh=True)
    assert workspace.texts == {
        "tr": {"tagline": "Sıcak su, hızlı", "next_steps": "Acil mi? Bizi arayın."}
    }

    visitor = Client()
    turkish = visitor.get("/", HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "Sıcak su, hızlı" in turkish and "Hot water" not in turkish
    assert "A family shop since 1990." in turkish  # no Turkish text: the default one
    slovak = visitor.get("/", HTTP_ACCEPT_LANGUAGE="sk").content.decode()
    assert "Hot water, fast" in slovak


def test_the_thanks_page_shows_what_happens_next_in_the_visitor_s_language(personas):
    workspace = Workspace.current(fresh=True)
    workspace.next_steps = "Urgent? Call us."
    workspace.texts = {"tr": {"next_steps": "Acil mi? Bizi arayın."}}
    workspace.save()
    visitor = Client()
    session = visitor.session
    session["portal_submitted_reference"] = "FD-ABCDEFG"
    session.save()
    turkish = visitor.get("/requests/new/thanks/", HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "Acil mi?" in turkish
    assert "Urgent? Call us." in visitor.get("/requests/new/thanks/").content.decode()


def test_only_managers_change_the_texts(personas):
    agent = Client()
    agent.force_login(personas.agent)
    response = agent.post("/settings/business/", PROFILE)
    assert response.status_code in (403, 404)
    assert Workspace.current(fresh=True).texts == {}
