"""The course's text: plain British English, current guidance, care for learners, fidelity.

Everything beyond the leaflet must carry a `<!-- Beyond the leaflet: basis = … -->` comment
naming a current, published UK source, directly above the paragraph or list that says it.
Helpline numbers cannot be checked from here: their comments ask a trainer to re-check them.
"""

from __future__ import annotations

import re

import pytest
from course_text import BEYOND, ROOT, module_of, plain, sentences, source, source_blocks

from builder.course import load_course
from builder.model import Course

MODULES = ("children", "families", "listening", "practice")
MAX_WORDS = 30  # every sentence shorter than this
# What a claim beyond the leaflet looks like: a law, a guidance title, an outside body, a
# number, a protocol or a term of art. Each block saying one must carry a basis comment.
CLAIM = re.compile(
    r"\bAct \d{4}|\b(?:19|20)\d\d\b|Working Together|Keeping Children Safe|\bNICE\b|NSPCC"
    r"|NAPAC|Samaritans|Helpline|Advice Line|Refuge|Graded Care|Review Panel|integrated care"
    r"|\bICB\b|Operation Encompass|protocol|was not brought|disguised compliance|young carers?\b"
    r"|escalation procedure|data protection|GDPR|methadone|\d+ ?%|per cent|\b\d{4} \d{3} \d{4}\b"
    r"|\b\d{3} \d{3}\b|Information sharing|safeguarding partners|practice reviews?\b"
    r"|[Aa]nyone can make a referral|legal term|interpret|press 55|pregnan|safer sleep"
)
# A basis names a published UK source by its publisher or title.
SOURCE = re.compile(
    r"HM Government|Working Together|NICE|NSPCC|NHS|Act \d{4}|Review Panel|Department"
    r"|Home Office|Keeping Children Safe|Refuge|Samaritans|NAPAC|Respect|Derby|Lullaby"
    r"|Social Care Institute|Church of England|police\.uk|Statutory framework"
)
ABBREVIATIONS = {
    "ICB": "integrated care board",
    "CSPRs": "child safeguarding practice reviews",
    "SCRs": "Serious Case Reviews",
    "GDPR": "General Data Protection Regulation",
}


@pytest.fixture(scope="module")
def course() -> Course:
    """The course as the builder reads it."""
    return load_course(ROOT)


def opening(course: Course, module_id: str) -> str:
    """The visible text of the module's opening page."""
    page = module_of(course, module_id).pages[0]
    return plain(" ".join(part for part in page.parts if isinstance(part, str)))


def page_text(course: Course, module_id: str, slug: str) -> str:
    """The visible text of one page."""
    page = next(p for p in module_of(course, module_id).pages if p.slug == slug)
    return plain(" ".join(part for part in page.parts if isinstance(part, str)))


@pytest.mark.parametrize("module_id", MODULES)
def test_no_sentence_has_30_words_or_more(course: Course, module_id: str) -> None:
    long = [s for s in sentences(module_of(course, module_id)) if len(s.split()) >= MAX_WORDS]
    assert not long


@pytest.mark.parametrize("module_id", MODULES)
def test_every_claim_beyond_the_leaflet_has_a_basis_comment(module_id: str) -> None:
    checked = 0
    for block, inside_question in source_blocks(module_id):
        said = BEYOND.sub("", block)
        if inside_question or block.startswith(("#", "*[")) or not CLAIM.search(said):
            continue
        checked += 1
        assert BEYOND.search(block), f"a claim beyond the leaflet without its basis:\n{block}"
    assert checked >= 5


@pytest.mark.parametrize("module_id", MODULES)
def test_every_basis_names_a_current_published_uk_source(module_id: str) -> None:
    bases = [m["basis"] for m in BEYOND.finditer(source(module_id))]
    assert len(bases) >= 10
    for basis in bases:
        assert SOURCE.search(basis), basis
        if "Working Together to Safeguard" in basis and "2023" not in basis:
            assert "when a Serious Case Review was held" in basis, basis  # history only
    text = source(module_id)
    assert "Working Together to Safeguard Children 2018" not in text
    assert "the police and health services" not in text
    assert "usual term" not in text


def test_current_guidance_is_named(course: Course) -> None:
    children = page_text(course, "children", "what-the-reviews-were")
    assert "Working Together to Safeguard Children 2023" in children
    assert "Child Safeguarding Practice Review Panel" in children
    assert "the local authority, the ICB (integrated care board) and the police" in children
    families = page_text(course, "families", "domestic-violence")
    assert "The legal term now is domestic abuse, as defined in the Domestic Abuse Act 2021" in (
        families
    )
    sharing = page_text(course, "practice", "sharing-information")
    assert "Information sharing: advice for practitioners (HM Government, 2024)" in sharing


@pytest.mark.parametrize("module_id", MODULES)
def test_opening_page_cares_for_learners_and_defines_the_safeguarding_lead(
    course: Course, module_id: str
) -> None:
    text = opening(course, module_id)
    for words in (
        "you will be able to",
        "including children who have died",
        "upsetting",
        "employee assistance programme",
        "NAPAC, for adults who were abused as children: 0808 801 0331",
        "National Domestic Abuse Helpline: 0808 2000 247",
        "Samaritans, if you are struggling to cope: 116 123",
        "NSPCC helpline on 0808 800 5000",
        "call the police on 999",
        'Who "your safeguarding lead" is',
        "Schools, colleges and early years settings",
        "NHS trusts, GP practices and ambulance services",
        "Police:",
        "Councils, housing, probation and adult services",
        "Voluntary, faith and sports groups",
        "Anyone can make a referral to children's social care",
        "Serious Case Reviews (SCRs) are now called CSPRs (child safeguarding practice reviews).",
    ):
        assert words in text, words
    helplines = [m["basis"] for m in BEYOND.finditer(source(module_id)) if "re-check" in m["basis"]]
    assert len(helplines) >= 4, "each number's basis names the page and asks for a re-check"


@pytest.mark.parametrize("module_id", MODULES)
def test_closing_keeps_the_leaflets_sentence_and_links_the_partnership(
    course: Course, module_id: str
) -> None:
    closing = module_of(course, module_id).pages[-1]
    markup = " ".join(part for part in closing.parts if isinstance(part, str))
    assert (
        "The leaflet says For more information about lessons to be learnt from Serious Case "
        "Reviews look on www.derbyshirescb.org.uk" in plain(markup)
    )
    links = re.findall(r'<a href="https://www\.ddscp\.org\.uk/[^"]*"[^>]*>([^<]+)</a>', markup)
    assert links and all(
        "Derby and Derbyshire Safeguarding Children Partnership" in t for t in links
    )
    assert "Derbyshire Safeguarding Children Board" in plain(markup)


def test_practice_the_whole_workforce_needs(course: Course) -> None:
    babies = page_text(course, "children", "babies-under-1-year-old")
    assert "not mobile" in babies and "the same day" in babies and "local protocol" in babies
    abuse = page_text(course, "families", "domestic-violence")
    assert "The adult victim" in abuse and "Operation Encompass" in abuse
    assert "Men's Advice Line" in abuse
    page = module_of(course, "practice").pages[1]
    signs = " ".join(part for part in page.parts if isinstance(part, str))
    for category in ("Physical abuse", "Emotional abuse", "Sexual abuse", "Neglect"):
        item = re.search(rf"<li><strong>{category}</strong>: (.*?)</li>", signs, re.DOTALL)
        assert item, category
        assert 2 <= len(item[1].split(";")) <= 3, (category, "two or three signs")


def test_no_unsourced_reassurance_before_the_leaflets_warning() -> None:
    text = " ".join(source(module_id) for module_id in MODULES)
    for softening in (
        "most tell you the truth",
        "Many parents live with one of these factors",
        "Many parents with mental health difficulties are loving",
    ):
        assert softening not in text


@pytest.mark.parametrize("module_id", MODULES)
def test_abbreviations_are_spelt_out_at_first_use(course: Course, module_id: str) -> None:
    text = " ".join(
        plain(p)
        for page in module_of(course, module_id).pages
        for p in page.parts
        if isinstance(p, str)
    )
    for short, long in ABBREVIATIONS.items():
        first = text.find(short)
        if first >= 0:
            assert long.lower() in text[max(0, first - 80) : first + 80].lower(), short
