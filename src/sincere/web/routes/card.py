"""The owner's card: as recipients see it, its QR code and vCard, and every link issued."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from sincere.card import render
from sincere.web import i18n, views
from sincere.web.pages import respond
from sincere.web.routes import PRIVATE, now_of, settings_of, store_of

router = APIRouter(tags=["card"])


@router.get("/card.json", dependencies=PRIVATE, summary="Your card and its links (JSON)")
@router.get("/card", dependencies=PRIVATE, summary="Your card, its QR code and its links")
def card_page(request: Request) -> Response:
    with store_of(request).session() as session:
        data = views.card_page(session, now=now_of(request), settings=settings_of(request))
    return respond(request, "card.html", data)


@router.get("/card/qr.svg", dependencies=PRIVATE, summary="The QR code of your card (SVG)")
def card_qr(request: Request) -> Response:
    svg = views.card_qr(views.owner_card(settings_of(request)))
    return Response(svg, media_type="image/svg+xml")


@router.get("/card.vcf", dependencies=PRIVATE, summary="Your card as a vCard 3.0")
def card_vcf(request: Request) -> Response:
    card = views.owner_card(settings_of(request))
    return Response(
        render.vcard3(card),
        media_type="text/vcard; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="card.vcf"'},
    )


#: The preview's policy: the card page's own (no script, its style sheet by hash, data: images).
PREVIEW_POLICY = (
    f"default-src 'none'; style-src {render.STYLE_HASH}; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


@router.get("/card/preview", dependencies=PRIVATE, summary="Your card's page, as recipients see it")
def card_preview(request: Request) -> Response:
    """The page a recipient opens, without anyone's marks."""
    card = views.owner_card(settings_of(request))
    page = render.html_page(card, vcf_url="/card.vcf", lang=i18n.current())
    return Response(
        page,
        media_type="text/html; charset=utf-8",
        headers={"Content-Security-Policy": PREVIEW_POLICY},
    )
