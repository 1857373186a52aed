"""Mending the field tagger's title and container (pipeline.cite.tagged_fields): each mend fires on the case it
is for and leaves alone the look-alike it must not touch."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.cite.fieldtagger.tagger import Segment, Tagging
from pipeline.cite.references import parse_reference
from pipeline.cite.rules import Fields, clean, read_fields
from pipeline.cite.tagged_fields import (
    _at_closing_quote,
    _book_before_credit,
    _book_out_of_title,
    _book_title_out_of_container,
    _container_alone,
    _journal_out_of_title,
    _rules_book,
    _tagged_as_other_field,
    _without_imprint,
    tag_title_and_container,
    without_volume,
)


@pytest.mark.parametrize(("title", "place", "publisher", "kept"), [
    ("Passing Time. Translated by Jean Stewart", None, None, "Passing Time"),
    ("Reasoning about Change. Cambridge", "Cambridge, MA", "MIT Press", "Reasoning about Change"),
    ("Effectiveness of the CSTO. Central Asian Bureau", None, "Central Asian Bureau", "Effectiveness of the CSTO"),
    # what kind of work it is
    ("Sense and Sensibility, 2 vols", None, None, "Sense and Sensibility"),
    ("Essays on ritual. Unpublished doctoral dissertation", None, None, "Essays on ritual"),
    ("Art + soul: a journey into aboriginal art, television program", None, None,
     "Art + soul: a journey into aboriginal art"),
    ("The Thesis of Extended Mind", None, None, "The Thesis of Extended Mind"),
    ("Psychological testing. 7. Auflage", None, None, "Psychological testing"),
    ("Ekonómia v novej ekonomike. 2. vyd", None, None, "Ekonómia v novej ekonomike"),
    ("Compilers, 2nd edition", None, None, "Compilers"),
    ("Academic tenacity. White paper prepared for the Gates Foundation", None, None, "Academic tenacity"),
    ("Manstyle : men + fashion, exhibition catalogue, 11 March", None, None, "Manstyle : men + fashion"),
    ("(Louis-Ferdinand Destouches). Mort à credit", None, None, "Mort à credit"),
    ("(1620/1994) Novum organum", None, None, "Novum organum"),
    ("(FRBR) to music", None, None, "(FRBR) to music"),
    ("décembre). Coopération et éducation", None, None, "Coopération et éducation"),  # a date's end
    ("September/October). The mysteries of fiction indexing", None, None, "The mysteries of fiction indexing"),
    ("Why access matters (Policy Brief 2012-01PBL)", None, None, "Why access matters"),
    ("Towards Optimal Rhythm (Unpublished doctoral dissertation)", None, None, "Towards Optimal Rhythm"),
    ("The Prelude: The Four Texts (1798, 1799, 1805, 1850)", None, None,
     "The Prelude: The Four Texts (1798, 1799, 1805, 1850)"),
    # a translator or director in other words and languages
    ("Voir et planifier. Traduction de Chantal Thérond", None, None, "Voir et planifier"),
    ("Being There. Dir, Hal Ashby", None, None, "Being There"),
    # a volume, or an editor written before the title
    ("The Gospel According to St John: Vol.3 (tr", None, None, "The Gospel According to St John"),
    ("Euel W Elliott (ed.), Chaos Theory in the Social Sciences", None, None, "Chaos Theory in the Social Sciences"),
    # a place or publisher after a colon or comma belongs to the title
    ("Rights of passage: The experiences of young people", None, "The experiences of young people",
     "Rights of passage: The experiences of young people"),
    ("The College and the Town of Hanover, New Hampshire", "New Hampshire", None,
     "The College and the Town of Hanover, New Hampshire"),
])
def test_a_tagged_title_stops_before_its_translator_kind_place_or_publisher(
        title: str, place: str | None, publisher: str | None, kept: str) -> None:
    assert _without_imprint(title, Fields(place=place, publisher=publisher)) == kept


@pytest.mark.parametrize(("title", "tagged_container", "rules", "expected"), [
    # an article (volume found) whose tagged title runs into the journal the rules read
    ("The root clock. Development 147:dev181446", "", Fields(container="Development", volume="147"),
     ("The root clock", "Development")),
    # the tagger found a container: its reading stands
    ("The root clock. Development", "Dev Cell", Fields(container="Development", volume="147"),
     ("The root clock. Development", "Dev Cell")),
    # no volume or pages: not an article, so "Title. Series name" is left as tagged
    ("Freshwater Fishes of Canada. Bulletin 184", "", Fields(container="Bulletin"),
     ("Freshwater Fishes of Canada. Bulletin 184", "")),
    # no volume or pages: a course and a lecture, not an article and its journal
    ("Stanford Machine Learning Course. Regularization and Bias Variance", "",
     Fields(container="Regularization and Bias Variance"),
     ("Stanford Machine Learning Course. Regularization and Bias Variance", "")),
    # a chapter's title running into "In Book title"
    ("Adaptive co-management and the gospel of resilience. In Adaptive Co-management", "",
     Fields(container="Adaptive Co-management", pages="208-227"),
     ("Adaptive co-management and the gospel of resilience", "Adaptive Co-management")),
    # a last sentence that looks like a journal's name, which the rules did not read
    ("Cancer Stem Cells in Pancreatic Cancer. Cancers", "", Fields(volume="2", pages="1629-1641"),
     ("Cancer Stem Cells in Pancreatic Cancer", "Cancers")),
    ("Prevalence of hepatitis E antibodies. Annals of the Rheumatic Diseases", "", Fields(volume="73"),
     ("Prevalence of hepatitis E antibodies", "Annals of the Rheumatic Diseases")),
    # ... not a standard's number, a list of institutions or a name closing a parenthesis
    ("Performance Requirements for Foot Protection. F2413-05", "", Fields(pages="1-3"),
     ("Performance Requirements for Foot Protection. F2413-05", "")),
    ("Healthcare design of the future. Georgia Tech, SimTigrate Lab", "", Fields(pages="1-3"),
     ("Healthcare design of the future. Georgia Tech, SimTigrate Lab", "")),
    ("Beyond the impasse. In Festschrift (ed. by Gendlin)", "", Fields(pages="1-3"),
     ("Beyond the impasse. In Festschrift (ed. by Gendlin)", "")),
    # ... nor without a volume or pages (a book's title and subtitle)
    ("From the Beast to the Blonde. On Fairy Tale and Their Tellers", "", Fields(),
     ("From the Beast to the Blonde. On Fairy Tale and Their Tellers", "")),
    # a short last sentence with a word such as "journal" in it, not a number
    ("Five-year follow-up of imatinib. The New England journal of medicine", "", Fields(volume="355"),
     ("Five-year follow-up of imatinib", "The New England journal of medicine")),
    ("Five-year follow-up of imatinib. Review 12 of the trial", "", Fields(volume="355"),
     ("Five-year follow-up of imatinib. Review 12 of the trial", "")),
    # after a comma, a name of two words or more
    ("Continuous Mobility Surveys: The State of Practice, Transport Reviews", "", Fields(volume="30"),
     ("Continuous Mobility Surveys: The State of Practice", "Transport Reviews")),
    ("Zwei neue Collembolen-Gattungen., Wiener Entomologische Zeitung", "", Fields(volume="26", pages="9"),
     ("Zwei neue Collembolen-Gattungen", "Wiener Entomologische Zeitung")),
    ("Donors, Their Gifts, and Religious Innovation", "", Fields(volume="66"),
     ("Donors, Their Gifts, and Religious Innovation", "")),
    ("Essays on Kant's Critique, Politics", "", Fields(pages="1-9"), ("Essays on Kant's Critique, Politics", "")),
    ("Early Medieval Warfare, The Battle of Maldon", "", Fields(),
     ("Early Medieval Warfare, The Battle of Maldon", "")),
])
def test_an_article_title_running_into_its_journal_stops_before_it(title: str, tagged_container: str,
                                                                   rules: Fields, expected: tuple[str, str]) -> None:
    assert _journal_out_of_title(title, tagged_container, rules) == expected


@pytest.mark.parametrize(("title", "dated", "expected"), [
    # a date with its day is a newspaper's or magazine's: "(2016, March 22). Black activism, unchurched. The Atlantic."
    ("Black activism, unchurched. The Atlantic", True, ("Black activism, unchurched", "The Atlantic")),
    ("Black activism, unchurched. The Atlantic", False, ("Black activism, unchurched. The Atlantic", "")),
    ("Politiques contemporaines. Paper presented at Journée de Paroles, Paris", True,
     ("Politiques contemporaines. Paper presented at Journée de Paroles, Paris", "")),
])
def test_a_dated_article_title_running_into_its_periodical_stops_before_it(
        title: str, dated: bool, expected: tuple[str, str]) -> None:
    assert _journal_out_of_title(title, "", Fields(), dated) == expected


@pytest.mark.parametrize(("text", "title", "tagged_container", "rules", "expected"), [
    # a book with a publisher and no other title: the tagged "container" is its title
    ("Aho. Compilers: Principles and Tools. Addison-Wesley", None, "Compilers: Principles and Tools",
     Fields(publisher="Addison-Wesley"), ("Compilers: Principles and Tools", "")),
    # the title read twice
    ("Huang, Spoken language processing, Vol. 15", "Spoken language processing", "Spoken language processing,",
     Fields(volume="15", publisher="Prentice Hall"), ("Spoken language processing", "")),
    # ... unless it has pages: then it is a journal's name
    ("Canadian journal of microbiology, 1973, 19(10), pp. 1207-1210", "Canadian journal of microbiology",
     "Canadian journal of microbiology", Fields(volume="19", pages="1207-1210"),
     (None, "Canadian journal of microbiology")),
    # a title that is written twice, once as the journal's name, keeps its journal
    ("Progress in retinal and eye research. Progress in Retinal and Eye Research 28:249",
     "Progress in retinal and eye research", "Progress in Retinal and Eye Research", Fields(volume="28"),
     ("Progress in retinal and eye research", "Progress in Retinal and Eye Research")),
    # proceedings (a venue word), or a journal with a volume: the container stands
    ("Proc. Seventh Irish Conference of AI. Dublin", None, "Proc. Seventh Irish Conference of AI",
     Fields(publisher="Dublin University Press"), (None, "Proc. Seventh Irish Conference of AI")),
    ("Phys. Rev. D 73 (2006)", None, "Phys. Rev. D", Fields(volume="73", publisher="APS"), (None, "Phys. Rev. D")),
    # no publisher: nothing says it is a book
    ("Endangered Species Research (2008)", None, "Endangered Species Research", Fields(),
     (None, "Endangered Species Research")),
])
def test_a_book_title_tagged_as_container_is_the_title(text: str, title: str | None, tagged_container: str,
                                                       rules: Fields, expected: tuple[str | None, str]) -> None:
    assert _book_title_out_of_container(text, title, tagged_container, rules) == expected


@pytest.mark.parametrize(("title", "tagged_container", "expected"), [
    ("The Europeans, in Novels, 1871–1880", "", ("The Europeans", "Novels, 1871–1880")),
    ("A novel approach. In: New Trends in Macroeconomics", "", ("A novel approach", "New Trends in Macroeconomics")),
    # "in" inside a title, or a container already tagged: left alone
    ("Advances in Neural Information Processing", "", ("Advances in Neural Information Processing", "")),
    ("Rights, in Theory", "Law Review", ("Rights, in Theory", "Law Review")),
])
def test_a_chapter_title_running_into_its_book_stops_before_it(title: str, tagged_container: str,
                                                               expected: tuple[str, str]) -> None:
    assert _book_out_of_title(title, tagged_container) == expected


@pytest.mark.parametrize(("tagged", "rules", "container"), [
    ("Pierre Birnbaum (dir.), Les élites socialistes au pouvoir", Fields(), "Les élites socialistes au pouvoir"),
    # a kind of work or a series is not a container; a journal's own series is
    ("Ph.D. thesis", Fields(), ""),
    ("Science, New Series", Fields(), "Science, New Series"),
    ("arXiv", Fields(), ""),
    ("(In Russian)", Fields(), ""),  # the language the work is in
    ("[in Chinese]", Fields(), ""),
    ("(In Memoriam)", Fields(), ""),
    ("Studies in Russian", Fields(), "Studies in Russian"),  # a journal may name a language
    ("Journal of the Patent Office Society", Fields(), "Journal of the Patent Office Society"),  # a journal's name
    ("[24], chapter", Fields(), ""),
    ("Keane et al. [4]", Fields(pages="233-246"), ""),  # another entry of the list
    ("Advances in Neural Information Processing Systems 6", Fields(pages="1-8"),
     "Advances in Neural Information Processing Systems 6"),
    ("Adams Media", Fields(), ""),
    ("Oxford University Press", Fields(volume="12"), "Oxford University Press"),
    ("International Journal of American Linguistics, Texts Series", Fields(),
     "International Journal of American Linguistics, Texts Series"),
    ("Inka Mülder-Bach, Gerhard Neumann (Hgg.): Räume der Romantik", Fields(), "Räume der Romantik"),
    ("Daphne Ellis (trans.), Wagner", Fields(), "Wagner"),
    ("La Revue du Financier, mai-juin", Fields(), "La Revue du Financier"),
    ("La Gazette Santé-Social, Septembre", Fields(), "La Gazette Santé-Social"),
    ("Tesla Blog, N.p.", Fields(), "Tesla Blog"),
    ("Journal of Clinical Oncology. November", Fields(), "Journal of Clinical Oncology"),
    ("Southern Communication Journal, Winter", Fields(), "Southern Communication Journal"),
    ("Handbuch der Sozialarbeit. Luchterhand, Neuwied", Fields(place="Neuwied", publisher="Luchterhand"),
     "Handbuch der Sozialarbeit"),
    # a subtitle the rules misread as "Place: Publisher" stays
    ("Boundary Wars: Intimacy and Distance", Fields(place="Boundary Wars", publisher="Intimacy and Distance"),
     "Boundary Wars: Intimacy and Distance"),
    # a journal named "Trans." (Transactions), or a month that is the journal's own word: left alone
    ("Trans. Nonferrous Mat. Soc.", Fields(), "Trans. Nonferrous Mat. Soc."),
    ("Journal of the Royal Society", Fields(publisher="Royal Society"), "Journal of the Royal Society"),
    # a special issue's note, after or before the journal
    ("Rangifer Special Issue", Fields(), "Rangifer"),
    ("Computer, Special Issue on Fault-Tolerant Systems", Fields(), "Computer"),
    ("IEEE Transactions on Systems, Man, and Cybernetics: Special Issue on Scheduling", Fields(),
     "IEEE Transactions on Systems, Man, and Cybernetics"),
    ("Special Issue, Culture Theory and Critique", Fields(), "Culture Theory and Critique"),
    ("Special Issues in Ocean Research", Fields(), "Special Issues in Ocean Research"),
    ("Graphic Narrative. Special issue of Modern Fiction Studies", Fields(),
     "Graphic Narrative. Special issue of Modern Fiction Studies"),
    # a note whose parenthesis the volume took away; a conference's acronym stays
    ("Am J Ind Med (Suppl", Fields(), "Am J Ind Med"),
    ("Handbook of aging and the social sciences (Seventh Edition", Fields(),
     "Handbook of aging and the social sciences"),
    ("Proceedings of User Interface Software and Technology (UIST 94", Fields(),
     "Proceedings of User Interface Software and Technology (UIST 94"),
    # "Place: Publisher" after a full stop; a volume's own title after a colon stays
    ("Lexikon des Sozial- und Gesundheitswesens. Köln: Oldenbourg", Fields(),
     "Lexikon des Sozial- und Gesundheitswesens"),
    ("Handbook of child psychology, vol. III: Cognitive development", Fields(),
     "Handbook of child psychology, vol. III: Cognitive development"),
    ("Theory in Biosciences. Series B: Theory", Fields(), "Theory in Biosciences. Series B: Theory"),
    # a translator after the book; a journal abbreviating "Transactions" stays
    ("Œuvres II, Trad fr. par Maurice de Gandillac", Fields(), "Œuvres II"),
    ("Eos, Trans. Amer. Geophys. Union", Fields(), "Eos, Trans. Amer. Geophys. Union"),
    # the body a proceedings is named after, repeated as its publisher; another body after it stays
    ("Proceedings AAAI-91. AAAI", Fields(), "Proceedings AAAI-91"),
    ("Proceedings of COLING, COLING", Fields(), "Proceedings of COLING"),
    ("Proceedings of the ACM SIGMOD Conference. IEEE", Fields(), "Proceedings of the ACM SIGMOD Conference. IEEE"),
    # an author's capitalised name left before the journal; an acronym that starts the journal's name stays
    ("UZAN. C. R. Acad. Sci. Sér. C", Fields(), "C. R. Acad. Sci. Sér. C"),
    ("NATO ASI Series", Fields(), "NATO ASI Series"),
    ("IEEE Trans. Autom. Control", Fields(), "IEEE Trans. Autom. Control"),
])
def test_a_tagged_container_is_a_container_without_the_editors_month_and_imprint_around_it(tagged: str, rules: Fields,
                                                                          container: str) -> None:
    assert _container_alone(tagged, rules) == container


@pytest.mark.parametrize(("text", "rules_title", "segments", "dropped"), [
    # a one-word "title" inside the journal's abbreviation
    ("S. Gubser, Phys. Lett. B428 (1998) 105.", "Phys", [Segment("author", 0, 10), Segment("container", 11, 26)], True),
    # the rules' "title" is where the tagger's authors start
    ("(/) J. R. BUDGE, P. E. ELLIS. J. Am. Chem. Soc. 101", "(/) J. R. BUDGE", [Segment("author", 0, 29)], True),
    # a longer title the tagger reads as the container, or a title after the authors: kept
    ("X. Huang, Spoken language processing, Vol. 15", "Spoken language processing",
     [Segment("author", 0, 9), Segment("container", 10, 37)], False),
    ("DUPRAT, H. Théorie et Technique. 1932.", "Théorie et Technique", [Segment("author", 0, 32)], False),
])
def test_the_rules_title_gives_way_to_the_tagged_authors_or_journal(text: str, rules_title: str,
                                                                    segments: list[Segment], dropped: bool) -> None:
    assert _tagged_as_other_field(text, rules_title, segments) is dropped


@pytest.mark.parametrize(("rules", "book"), [
    (Fields(container="A Manual of Acarology", chapter=True), "A Manual of Acarology"),
    # not after "In", a cross-reference, a number, or the title itself
    (Fields(container="A Manual of Acarology"), ""),
    (Fields(container="[24], chapter", chapter=True), ""),
    (Fields(container="Optics 12", chapter=True), ""),
    (Fields(title="Optics East 2005", container="Optics East", chapter=True), ""),
    # editors standing for their book, as in a short-form chapter reference
    (Fields(container="Clem, Greenberg, and Olander", chapter=True), ""),
    (Fields(container="H. Küng", chapter=True), ""),
])
def test_the_rules_book_after_in_stands_when_the_tagger_finds_no_container(rules: Fields, book: str) -> None:
    assert _rules_book(rules) == book


@pytest.mark.parametrize(("tagged", "container"), [
    ("Int. J. Mod. Phys. A16,", "Int. J. Mod. Phys."),
    ("Federal Reserve Bank of St. Louis Review 93(September/October", "Federal Reserve Bank of St. Louis Review"),
    ("Nucleic Acids Research 35:W522–W525", "Nucleic Acids Research"),
    ("Advanced Imaging 54-7", "Advanced Imaging"),
    ("Future Generation Computer Systems, v.28 n.6, p.833-851", "Future Generation Computer Systems"),
    ("Window on Wake Forest, XII(3)", "Window on Wake Forest"),
    ("Jeevadhara XLII/248", "Jeevadhara"),
    ("Revue Histoire de l’art, n°35/36", "Revue Histoire de l’art"),
    ("Annales de Bretagne, Tome", "Annales de Bretagne"),
    ("Gemeinsam leben. Zeitschrift für Inklusion. 19.Jg. H.3", "Gemeinsam leben. Zeitschrift für Inklusion."),
    ("Bayerisches Integrationsinfo 5.Jg/Heft", "Bayerisches Integrationsinfo"),
    # a roman numeral alone may be the journal's part or series ("Studies in Logic II")
    ("Studies in Logic II", "Studies in Logic II"),
    # a section letter standing alone is part of the journal's name
    ("Phys. Rev. B", "Phys. Rev. B"),
    ("Journal of the Optical Society of America B", "Journal of the Optical Society of America B"),
    # numbers glued on with commas, in text that lost its spaces; a comma before a word stays
    ("Europhysics News,21,2", "Europhysics News"),
    ("Proc. ICEC20 Beijing,(Elsevier,2005)pp", "Proc. ICEC20 Beijing"),
    ("Systems, Man, and Cybernetics", "Systems, Man, and Cybernetics"),
])
def test_a_tagged_container_loses_the_volume_it_ends_with(tagged: str, container: str) -> None:
    assert without_volume(tagged) == container


@pytest.mark.parametrize("raw", ["Ling, C. X. (1995). Personal communication.",
                                 "R.B. Wiringa, private communication."])
def test_a_personal_communication_has_no_title(raw: str) -> None:
    assert parse_reference(raw, id="r").title is None


class _Tagger:
    """Stands in for the model: tags everything after the authors (up to ``after``) as the title, confidently."""

    def __init__(self, after: str = "Patnaik. ") -> None:
        self._after = after

    def tag(self, text: str, hints_for) -> Tagging:  # noqa: ANN001  (the real tagger's signature)
        start = text.index(self._after) + len(self._after)
        return Tagging((Segment("author", 0, start - 1), Segment("title", start, len(text))), 0.99)


@pytest.mark.parametrize(("text", "title"), [
    ("G. Patnaik. Personal communication, September 1995.", None),
    ("G. Patnaik. Private communication in the age of e-mail.", None),
    ("G. Patnaik. Communication theory.", "Communication theory"),
])
def test_a_tagged_personal_communication_is_no_title(text: str, title: str | None) -> None:
    fields = Fields()
    tag_title_and_container(text, fields, None, _Tagger())
    assert fields.title == title


@pytest.mark.parametrize(("title", "split"), [
    ("“Metaphor.” Oxford English Dictionary", ("“Metaphor.”", "Oxford English Dictionary")),
    ('"Gaussian Markov Random Fields," in Markov Random Fields: Theory and Applications',
     ('"Gaussian Markov Random Fields,"', "in Markov Random Fields: Theory and Applications")),
    ("« Petite histoire de la photographie » in Œuvres II", ("« Petite histoire de la photographie »", "in Œuvres II")),
    ("``Telnet Encryption Option,'' Internet-Draft", ("``Telnet Encryption Option,''", "")),  # a kind of work
    ('"20% Wind Energy by 2030," DOE/GO-102008-2567', ('"20% Wind Energy by 2030,"', "")),  # a report number
    # must not split: an inner quote, an apostrophe, a quoted phrase the title goes on from, a nested guillemet
    ("“The Ethics of ‘Place’: Reflections on Bioregionalism.”", None),
    ("‘Neuron breakthrough offers hope on Parkinson’s disease’", None),
    ('"Moon" craters on the Earth', None),
    ("“Behind the Store”: Montreal Shopkeeping Families", None),
    ("« La « société civile » dans la « gouvernance européenne ». Eléments pour une sociologie »", None),
    ("Title without quotes. Journal", None),
])
def test_a_quoted_title_ends_at_its_closing_quote(title: str, split: tuple[str, str] | None) -> None:
    assert _at_closing_quote(title) == (split or (title, ""))


@pytest.mark.parametrize(("text", "title", "container"), [
    ('S. Lakshmanan and H. Derin, "Gaussian Markov Random Fields at Multiple Resolutions," in Markov Random Fields: '
     "Theory and Applications", "Gaussian Markov Random Fields at Multiple Resolutions",
     "Markov Random Fields: Theory and Applications"),
    ('S. Lakshmanan and H. Derin, "Gaussian Markov Random Fields at Multiple Resolutions."',
     "Gaussian Markov Random Fields at Multiple Resolutions", None),
])
def test_a_title_read_past_its_closing_quote_leaves_the_rest_to_the_container(
        text: str, title: str, container: str | None) -> None:
    fields = Fields()
    tag_title_and_container(text, fields, None, _Tagger(after="Derin, "))
    assert (fields.title, fields.container) == (title, container)




_TITLE_WORDS = ["“Title.”", "“A", "‘Place’", "Place’:", "«", "»", "in", "In", "Journal", "``Draft,''", '"Moon,"',
                "Reports", "1989,", "Parkinson’s", "„Gazeta", 'Bankowa"']


@given(words=st.lists(st.sampled_from(_TITLE_WORDS), max_size=12))
def test_a_split_title_keeps_every_word_in_order(words: list[str]) -> None:
    title = " ".join(words)
    quoted, rest = _at_closing_quote(title)
    assert title.startswith(quoted)
    assert not rest or title.endswith(rest)


@pytest.mark.parametrize(("date", "title", "container"), [
    ("(2016, March 22)", "Black activism, unchurched", "The Atlantic"),  # a day: a newspaper's or magazine's piece
    ("(2016)", "Black activism, unchurched. The Atlantic", None),
])
def test_a_date_with_its_day_marks_the_periodical_at_the_end_of_a_title(
        date: str, title: str, container: str | None) -> None:
    text = f"Green, E. {date}. Black activism, unchurched. The Atlantic."
    fields, found_date = read_fields(clean(text))
    tag_title_and_container(text, fields, found_date, _Tagger(after=f"{date}. "))
    assert (fields.title, fields.container) == (title, container)


@pytest.mark.parametrize(("text", "pieces", "title", "container"), [
    # the title's end, after an inner quote, read as the start of the journal
    ("Malik Mufti, ‘Democratizing Potential of the ‘Arab Spring’: Some Early Observations’, Government and Opposition, "
     "50: 3 (2015), 394-419.",
     (("author", "Malik Mufti,"), ("title", "‘Democratizing Potential of the ‘Arab Spring"),
      ("container", "’: Some Early Observations’, Government and Opposition,"), ("volume", "50: 3"),
      ("date", "(2015),"), ("pages", "394-419.")),
     "Democratizing Potential of the ‘Arab Spring’: Some Early Observations", "Government and Opposition"),
    # an apostrophe is no closing quote
    ("Smithson, P., The idea of Architecture in the ‘50s, The Architects’ Journal, vol. 21, 1960.",
     (("author", "Smithson, P.,"), ("title", "The idea of Architecture in the ‘50s,"),
      ("container", "The Architects’ Journal,"), ("volume", "vol. 21,"), ("date", "1960.")),
     "The idea of Architecture in the ‘50s", "The Architects’ Journal"),
])
def test_the_end_of_a_quoted_title_read_as_the_container_goes_back_to_the_title(
        text: str, pieces: tuple[tuple[str, str], ...], title: str, container: str) -> None:
    fields = _tagged(pieces, text)
    assert (fields.title, fields.container) == (title, container)


@pytest.mark.parametrize(("pieces", "container"), [
    ((("author", "N. J. Pekelsma,"), ("title", "“Optimal guidance with obstacle avoidance,”"), ("container", "NASA,"),
      ("note", "Tech. Rep.,"), ("date", "1988.")), None),
    ((("author", "W. Landi."), ("title", "Aliasing with and without pointers."),
      ("container", "Center for Computer Aids for Industrial Productivity"), ("note", "Technical Report CAIP-TR-125,"),
      ("date", "1990.")), None),
    # a journal the report was later published in stays
    ((("author", "W. Li."), ("title", "Linearly convergent descent methods."),
      ("container", "Journal of Optimization,"), ("volume", "12,"), ("date", "1995."),
      ("note", "Technical Report TR93-3.")), "Journal of Optimization"),
])
def test_the_body_that_issued_a_report_is_no_container(pieces: tuple[tuple[str, str], ...],
                                                        container: str | None) -> None:
    fields = _tagged(pieces)
    assert fields.container == container


def _tagged(pieces: tuple[tuple[str, str], ...], text: str | None = None, confidence: float = 0.99) -> Fields:
    """The fields of ``text`` (by default the pieces joined by spaces) as read with the pieces' labels."""
    text = text or " ".join(piece for _, piece in pieces)
    fields, date = read_fields(clean(text))
    tag_title_and_container(text, fields, date, _Labelled(*pieces, confidence=confidence))
    return fields


class _Labelled:
    """Stands in for the model: labels the given pieces of the string, in order (confidently, unless told)."""

    def __init__(self, *pieces: tuple[str, str], confidence: float = 0.99) -> None:
        self._pieces = pieces
        self._confidence = confidence

    def tag(self, text: str, hints_for) -> Tagging:  # noqa: ANN001  (the real tagger's signature)
        segments, at = [], 0
        for label, piece in self._pieces:
            start = text.index(piece, at)
            segments.append(Segment(label, start, start + len(piece)))
            at = start + len(piece)
        return Tagging(tuple(segments), self._confidence)


@pytest.mark.parametrize(("pieces", "container"), [
    ((("author", "M. V. Solodov."), ("title", "Some optimization reformulations,"), ("date", "1997."),
      ("title", "Computational Optimization and Applications,"), ("note", "to appear.")),
     "Computational Optimization and Applications"),
    ((("author", "Hesse, Hermann."), ("title", "Der Steppenwolf."), ("volume", "Vol. 4"),
      ("title", "of Gesammelte Dichtungen."), ("location", "Berlin:"), ("publisher", "Suhrkamp, 1958.")),
     "of Gesammelte Dichtungen"),
    # an organisation read as a title, then the title itself
    ((("title", "Ministère des transports"), ("date", "(2000)."), ("title", "Mieux s’entendre avec le bruit,"),
      ("pages", "24 p.")), None),
    # a note after the book's imprint
    ((("author", "Rosenberg, Charles E."), ("title", "Explaining Epidemics."), ("location", "Cambridge:"),
      ("publisher", "Cambridge University Press,"), ("date", "1992."), ("title", "[especially: chapter 2].")), None),
])
def test_a_second_title_segment_is_the_container(pieces: tuple[tuple[str, str], ...], container: str | None) -> None:
    fields = _tagged(pieces)
    assert fields.container == container


def test_a_second_title_segment_is_no_container_when_the_title_is_the_rules() -> None:
    # the tagger's first title reads as nothing and it is unsure, so the rules' title stays: the tagger's second
    # title is not known to follow the title
    pieces = (("author", "Smith, J. (2010)."), ("other", "The Long War of Words"), ("title", ". 2 vols."),
              ("volume", "Vol. 3."), ("title", "Penguin Classics."), ("location", "London:"), ("publisher", "Verso."))
    fields = _tagged(pieces, confidence=0.3)
    assert (fields.title, fields.container) == ("The Long War of Words", None)


@pytest.mark.parametrize(("editors", "book"), [
    ("In: Boethius: His Life, Thought and Influence. Ed. Margaret Gibson.",
     "In: Boethius: His Life, Thought and Influence"),
    ("in Text Comparison and Digital Creativity, ed. Wido van Peursen.",
     "in Text Comparison and Digital Creativity"),
    # the names credited, not a book
    ("In: Andreas D. Baxevanis, B. F. Francis Ouellette (Hrsg.):", ""),
    ("In Clem and Olander, eds. Gerald Bonner.", ""),
    ("Ed. Margaret Gibson.", ""),
])
def test_the_book_before_the_editors_credit_is_the_container(editors: str, book: str) -> None:
    pieces = (("author", "Barnes, Jonathan 1981."), ("title", "“Boethius and Logic.”"), ("editor", editors),
              ("location", "Oxford:"), ("publisher", "Basil Blackwell."))
    text = " ".join(piece for _, piece in pieces)
    assert _book_before_credit(text, _Labelled(*pieces).tag(text, None).segments) == book


def test_a_book_before_the_editors_credit_makes_a_chapter() -> None:
    pieces = (("author", "Barnes, Jonathan 1981."), ("title", "“Boethius and the Study of Logic.”"),
              ("editor", "In: Boethius: His Life, Thought and Influence. Ed. Margaret Gibson."),
              ("location", "Oxford:"), ("publisher", "Basil Blackwell."))
    fields = _tagged(pieces)
    assert (fields.title, fields.container, fields.chapter) == (
        "Boethius and the Study of Logic", "Boethius: His Life, Thought and Influence", True)


@pytest.mark.parametrize(("pieces", "title"), [
    ((("author", "Cotter C, The Malaria Elimination Group."), ("date", "2011."),
      ("publisher", "Atlas of Malaria Eliminating Countries,"), ("date", "2011."), ("location", "San Francisco:"),
      ("publisher", "University of California.")), "Atlas of Malaria Eliminating Countries"),
    # one publisher is the publisher
    ((("author", "Cotter C."), ("date", "2011."), ("publisher", "University of California.")), None),
    # a first publisher after the place is a publisher (a book reprinted by another)
    ((("author", "Cotter C."), ("date", "2011."), ("location", "New York:"), ("publisher", "Wiley,"),
      ("note", "reprinted"), ("publisher", "Dover.")), None),
])
def test_a_title_tagged_as_a_publisher_before_the_publisher_is_the_title(
        pieces: tuple[tuple[str, str], ...], title: str | None) -> None:
    fields = _tagged(pieces)
    assert fields.title == title
