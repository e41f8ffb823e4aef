"""The reference tables kept by hand: GCM objectives and guiding principles, membership groups, SDG
indicators, UN system entities and M49 region names. `gcmhub load_reference` writes them to the database
(in English); every user-visible string is marked for translation so `makemessages` picks it up, and the
models show it in the reader's language. Sources and how to update: docs/reference-data.md."""

from dataclasses import dataclass
from functools import cache

from django.utils.functional import Promise
from django.utils.translation import override
from django.utils.translation import pgettext_lazy as _p


def source_text(text: Promise | str) -> str:
    """The English source of a translatable string, whatever language is active."""
    with override(None):
        return str(text)


@dataclass(frozen=True)
class ObjectiveEntry:
    number: int
    title: Promise
    label: Promise


@dataclass(frozen=True)
class PrincipleEntry:
    slug: str
    title: Promise


@dataclass(frozen=True)
class GroupEntry:
    slug: str
    name: Promise
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class SDGIndicatorEntry:
    code: str
    target: str
    title: Promise


@dataclass(frozen=True)
class OrganizationEntry:
    acronym: str
    name: Promise
    url: str = ""
    is_network_member: bool = True
    is_executive_committee: bool = False
    # The year it joined the Executive Committee; None when the catalogue does not record it.
    joined_executive_committee: int | None = None
    notes: Promise | str = ""


# The 23 objectives, titled as in the GCM as adopted (A/RES/73/195); the work plan document paraphrases two.
OBJECTIVES: tuple[ObjectiveEntry, ...] = (
    ObjectiveEntry(
        1,
        _p(
            "GCM objective",
            "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies",
        ),
        _p("GCM objective short label", "Data"),
    ),
    ObjectiveEntry(
        2,
        _p(
            "GCM objective",
            "Minimize the adverse drivers and structural factors that compel people to leave their "
            "country of origin",
        ),
        _p("GCM objective short label", "Adverse drivers"),
    ),
    ObjectiveEntry(
        3,
        _p("GCM objective", "Provide accurate and timely information at all stages of migration"),
        _p("GCM objective short label", "Information"),
    ),
    ObjectiveEntry(
        4,
        _p(
            "GCM objective",
            "Ensure that all migrants have proof of legal identity and adequate documentation",
        ),
        _p("GCM objective short label", "Legal identity"),
    ),
    ObjectiveEntry(
        5,
        _p("GCM objective", "Enhance availability and flexibility of pathways for regular migration"),
        _p("GCM objective short label", "Regular pathways"),
    ),
    ObjectiveEntry(
        6,
        _p(
            "GCM objective",
            "Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work",
        ),
        _p("GCM objective short label", "Fair recruitment and decent work"),
    ),
    ObjectiveEntry(
        7,
        _p("GCM objective", "Address and reduce vulnerabilities in migration"),
        _p("GCM objective short label", "Vulnerabilities"),
    ),
    ObjectiveEntry(
        8,
        _p("GCM objective", "Save lives and establish coordinated international efforts on missing migrants"),
        _p("GCM objective short label", "Missing migrants"),
    ),
    ObjectiveEntry(
        9,
        _p("GCM objective", "Strengthen the transnational response to smuggling of migrants"),
        _p("GCM objective short label", "Smuggling"),
    ),
    ObjectiveEntry(
        10,
        _p(
            "GCM objective",
            "Prevent, combat and eradicate trafficking in persons in the context of international migration",
        ),
        _p("GCM objective short label", "Trafficking"),
    ),
    ObjectiveEntry(
        11,
        _p("GCM objective", "Manage borders in an integrated, secure and coordinated manner"),
        _p("GCM objective short label", "Border management"),
    ),
    ObjectiveEntry(
        12,
        _p(
            "GCM objective",
            "Strengthen certainty and predictability in migration procedures for appropriate screening, "
            "assessment "
            "and referral",
        ),
        _p("GCM objective short label", "Screening and referral"),
    ),
    ObjectiveEntry(
        13,
        _p(
            "GCM objective",
            "Use migration detention only as a measure of last resort and work towards alternatives",
        ),
        _p("GCM objective short label", "Alternatives to detention"),
    ),
    ObjectiveEntry(
        14,
        _p(
            "GCM objective",
            "Enhance consular protection, assistance and cooperation throughout the migration cycle",
        ),
        _p("GCM objective short label", "Consular protection"),
    ),
    ObjectiveEntry(
        15,
        _p("GCM objective", "Provide access to basic services for migrants"),
        _p("GCM objective short label", "Basic services"),
    ),
    ObjectiveEntry(
        16,
        _p("GCM objective", "Empower migrants and societies to realize full inclusion and social cohesion"),
        _p("GCM objective short label", "Inclusion and social cohesion"),
    ),
    ObjectiveEntry(
        17,
        _p(
            "GCM objective",
            "Eliminate all forms of discrimination and promote evidence-based public discourse to shape "
            "perceptions "
            "of migration",
        ),
        _p("GCM objective short label", "Discrimination and public discourse"),
    ),
    ObjectiveEntry(
        18,
        _p(
            "GCM objective",
            "Invest in skills development and facilitate mutual recognition of skills, qualifications and "
            "competences",
        ),
        _p("GCM objective short label", "Skills"),
    ),
    ObjectiveEntry(
        19,
        _p(
            "GCM objective",
            "Create conditions for migrants and diasporas to fully contribute to sustainable development "
            "in all "
            "countries",
        ),
        _p("GCM objective short label", "Diaspora contributions"),
    ),
    ObjectiveEntry(
        20,
        _p(
            "GCM objective",
            "Promote faster, safer and cheaper transfer of remittances and foster financial inclusion of "
            "migrants",
        ),
        _p("GCM objective short label", "Remittances"),
    ),
    ObjectiveEntry(
        21,
        _p(
            "GCM objective",
            "Cooperate in facilitating safe and dignified return and readmission, as well as "
            "sustainable "
            "reintegration",
        ),
        _p("GCM objective short label", "Return and reintegration"),
    ),
    ObjectiveEntry(
        22,
        _p(
            "GCM objective",
            "Establish mechanisms for the portability of social security entitlements and earned benefits",
        ),
        _p("GCM objective short label", "Social protection portability"),
    ),
    ObjectiveEntry(
        23,
        _p(
            "GCM objective",
            "Strengthen international cooperation and global partnerships for safe, orderly and regular "
            "migration",
        ),
        _p("GCM objective short label", "International cooperation"),
    ),
)

# The ten cross-cutting and interdependent guiding principles, in the order of GCM paragraph 15.
PRINCIPLES: tuple[PrincipleEntry, ...] = (
    PrincipleEntry("people-centred", _p("GCM guiding principle", "People-centred")),
    PrincipleEntry("international-cooperation", _p("GCM guiding principle", "International cooperation")),
    PrincipleEntry("national-sovereignty", _p("GCM guiding principle", "National sovereignty")),
    PrincipleEntry("rule-of-law-and-due-process", _p("GCM guiding principle", "Rule of law and due process")),
    PrincipleEntry("sustainable-development", _p("GCM guiding principle", "Sustainable development")),
    PrincipleEntry("human-rights", _p("GCM guiding principle", "Human rights")),
    PrincipleEntry("gender-responsive", _p("GCM guiding principle", "Gender-responsive")),
    PrincipleEntry("child-sensitive", _p("GCM guiding principle", "Child-sensitive")),
    PrincipleEntry(
        "whole-of-government-approach", _p("GCM guiding principle", "Whole-of-government approach")
    ),
    PrincipleEntry("whole-of-society-approach", _p("GCM guiding principle", "Whole-of-society approach")),
)

# Groups the work plan names as members of a result; aliases are lower-case phrases that mean the group in a
# membership line (the work plan importer matches them, longest first).
GROUPS: tuple[GroupEntry, ...] = (
    GroupEntry(
        "executive-committee",
        _p("membership group", "Executive Committee members"),
        ("executive committee members", "executive committee"),
    ),
    GroupEntry(
        "network-members",
        _p("membership group", "Network members"),
        ("network members", "all network members"),
    ),
    GroupEntry(
        "csos", _p("membership group", "CSOs"), ("csos", "civil society organizations", "civil society")
    ),
    GroupEntry("nhris", _p("membership group", "NHRIs"), ("nhris", "national human rights institutions")),
    GroupEntry("member-states", _p("membership group", "Member States"), ("member states",)),
    GroupEntry(
        "regional-bodies",
        _p("membership group", "Relevant regional bodies"),
        ("relevant regional bodies", "regional bodies"),
    ),
    GroupEntry(
        "coordination-mechanisms",
        _p("membership group", "Existing coordination mechanisms"),
        ("existing coordination mechanisms",),
    ),
    GroupEntry("other-partners", _p("membership group", "Other partners"), ("other partners",)),
    GroupEntry(
        "other-stakeholders",
        _p("membership group", "Other stakeholders"),
        ("other stakeholders", "other relevant stakeholders"),
    ),
    GroupEntry(
        "un-expert-group-migration-statistics",
        _p("membership group", "UN Expert Group on Migration Statistics"),
        ("un expert group on migration statistics",),
    ),
)

# SDG indicators relevant to migration, titled as in the global indicator framework (A/RES/71/313 and its
# annual refinements); listed in SDG order, which text sorting of the codes would not give.
SDG_INDICATORS: tuple[SDGIndicatorEntry, ...] = (
    SDGIndicatorEntry(
        "8.8.1",
        "8.8",
        _p(
            "SDG indicator",
            "Fatal and non-fatal occupational injuries per 100,000 workers, by sex and migrant status",
        ),
    ),
    SDGIndicatorEntry(
        "8.8.2",
        "8.8",
        _p(
            "SDG indicator",
            "Level of national compliance with labour rights (freedom of association and collective "
            "bargaining) "
            "based on International Labour Organization (ILO) textual sources and national legislation, "
            "by sex "
            "and migrant status",
        ),
    ),
    SDGIndicatorEntry(
        "10.7.1",
        "10.7",
        _p(
            "SDG indicator",
            "Recruitment cost borne by employee as a proportion of monthly income earned in country of "
            "destination",
        ),
    ),
    SDGIndicatorEntry(
        "10.7.2",
        "10.7",
        _p(
            "SDG indicator",
            "Number of countries with migration policies that facilitate orderly, safe, regular and "
            "responsible "
            "migration and mobility of people",
        ),
    ),
    SDGIndicatorEntry(
        "10.7.3",
        "10.7",
        _p(
            "SDG indicator",
            "Number of people who died or disappeared in the process of migration towards an international "
            "destination",
        ),
    ),
    SDGIndicatorEntry(
        "10.7.4",
        "10.7",
        _p("SDG indicator", "Proportion of the population who are refugees, by country of origin"),
    ),
    SDGIndicatorEntry(
        "10.c.1",
        "10.c",
        _p("SDG indicator", "Remittance costs as a proportion of the amount remitted"),
    ),
    SDGIndicatorEntry(
        "16.2.2",
        "16.2",
        _p(
            "SDG indicator",
            "Number of victims of human trafficking per 100,000 population, by sex, age and form of "
            "exploitation",
        ),
    ),
    SDGIndicatorEntry(
        "17.3.2",
        "17.3",
        _p("SDG indicator", "Volume of remittances (in United States dollars) as a proportion of total GDP"),
    ),
)

# The Executive Committee decision of 23 May 2018 set up the Network with these eight on its Executive
# Committee; WHO joined later.
_ORIGINAL_EXCOM_YEAR = 2018

# UN system entities that are members of the UN Network on Migration, with the Executive Committee flagged.
NETWORK_MEMBERS: tuple[OrganizationEntry, ...] = (
    OrganizationEntry(
        "DESA",
        _p("organization", "United Nations Department of Economic and Social Affairs"),
        "https://www.un.org/development/desa/",
        is_executive_committee=True,
        joined_executive_committee=_ORIGINAL_EXCOM_YEAR,
    ),
    OrganizationEntry(
        "DPPA",
        _p("organization", "United Nations Department of Political and Peacebuilding Affairs"),
        "https://dppa.un.org/",
    ),
    OrganizationEntry(
        "DCO", _p("organization", "United Nations Development Coordination Office"), "https://unsdg.un.org/"
    ),
    OrganizationEntry(
        "ECA", _p("organization", "United Nations Economic Commission for Africa"), "https://www.uneca.org/"
    ),
    OrganizationEntry(
        "ECE", _p("organization", "United Nations Economic Commission for Europe"), "https://unece.org/"
    ),
    OrganizationEntry(
        "ECLAC",
        _p("organization", "Economic Commission for Latin America and the Caribbean"),
        "https://www.cepal.org/",
    ),
    OrganizationEntry(
        "ESCAP",
        _p("organization", "Economic and Social Commission for Asia and the Pacific"),
        "https://www.unescap.org/",
    ),
    OrganizationEntry(
        "ESCWA",
        _p("organization", "Economic and Social Commission for Western Asia"),
        "https://www.unescwa.org/",
    ),
    OrganizationEntry(
        "FAO",
        _p("organization", "Food and Agriculture Organization of the United Nations"),
        "https://www.fao.org/",
    ),
    OrganizationEntry(
        "IFAD", _p("organization", "International Fund for Agricultural Development"), "https://www.ifad.org/"
    ),
    OrganizationEntry(
        "ILO",
        _p("organization", "International Labour Organization"),
        "https://www.ilo.org/",
        is_executive_committee=True,
        joined_executive_committee=_ORIGINAL_EXCOM_YEAR,
    ),
    OrganizationEntry(
        "IOM",
        _p("organization", "International Organization for Migration"),
        "https://www.iom.int/",
        is_executive_committee=True,
        joined_executive_committee=_ORIGINAL_EXCOM_YEAR,
        notes=_p("organization note", "Coordinator of the Network; hosts its secretariat."),
    ),
    OrganizationEntry("ITC", _p("organization", "International Trade Centre"), "https://intracen.org/"),
    OrganizationEntry(
        "OCHA",
        _p("organization", "Office for the Coordination of Humanitarian Affairs"),
        "https://www.unocha.org/",
    ),
    OrganizationEntry(
        "OHCHR",
        _p("organization", "Office of the United Nations High Commissioner for Human Rights"),
        "https://www.ohchr.org/",
        is_executive_committee=True,
        joined_executive_committee=_ORIGINAL_EXCOM_YEAR,
    ),
    OrganizationEntry(
        "OSRSG-SVC",
        _p(
            "organization",
            "Office of the Special Representative of the Secretary-General on Sexual Violence in Conflict",
        ),
        "https://www.un.org/sexualviolenceinconflict/",
    ),
    OrganizationEntry(
        "OSRSG-VAC",
        _p(
            "organization",
            "Office of the Special Representative of the Secretary-General on Violence against Children",
        ),
        "https://violenceagainstchildren.un.org/",
    ),
    OrganizationEntry(
        "UN Women",
        _p("organization", "United Nations Entity for Gender Equality and the Empowerment of Women"),
        "https://www.unwomen.org/",
    ),
    OrganizationEntry(
        "UNAIDS", _p("organization", "Joint United Nations Programme on HIV/AIDS"), "https://www.unaids.org/"
    ),
    OrganizationEntry(
        "UNCTAD",
        _p("organization", "United Nations Conference on Trade and Development"),
        "https://unctad.org/",
    ),
    OrganizationEntry(
        "UNDP",
        _p("organization", "United Nations Development Programme"),
        "https://www.undp.org/",
        is_executive_committee=True,
        joined_executive_committee=_ORIGINAL_EXCOM_YEAR,
    ),
    OrganizationEntry(
        "UNDRR",
        _p("organization", "United Nations Office for Disaster Risk Reduction"),
        "https://www.undrr.org/",
    ),
    OrganizationEntry(
        "UNEP", _p("organization", "United Nations Environment Programme"), "https://www.unep.org/"
    ),
    OrganizationEntry(
        "UNESCO",
        _p("organization", "United Nations Educational, Scientific and Cultural Organization"),
        "https://www.unesco.org/",
    ),
    OrganizationEntry(
        "UNFPA", _p("organization", "United Nations Population Fund"), "https://www.unfpa.org/"
    ),
    OrganizationEntry(
        "UN-Habitat",
        _p("organization", "United Nations Human Settlements Programme"),
        "https://unhabitat.org/",
    ),
    OrganizationEntry(
        "UNHCR",
        _p("organization", "Office of the United Nations High Commissioner for Refugees"),
        "https://www.unhcr.org/",
        is_executive_committee=True,
        joined_executive_committee=_ORIGINAL_EXCOM_YEAR,
    ),
    OrganizationEntry(
        "UNICEF",
        _p("organization", "United Nations Children's Fund"),
        "https://www.unicef.org/",
        is_executive_committee=True,
        joined_executive_committee=_ORIGINAL_EXCOM_YEAR,
    ),
    OrganizationEntry(
        "UNITAR",
        _p("organization", "United Nations Institute for Training and Research"),
        "https://unitar.org/",
    ),
    OrganizationEntry(
        "UNODC",
        _p("organization", "United Nations Office on Drugs and Crime"),
        "https://www.unodc.org/",
        is_executive_committee=True,
        joined_executive_committee=_ORIGINAL_EXCOM_YEAR,
    ),
    OrganizationEntry(
        "UNOPS", _p("organization", "United Nations Office for Project Services"), "https://www.unops.org/"
    ),
    OrganizationEntry(
        "UNRWA",
        _p("organization", "United Nations Relief and Works Agency for Palestine Refugees in the Near East"),
        "https://www.unrwa.org/",
    ),
    OrganizationEntry(
        "UNSSC", _p("organization", "United Nations System Staff College"), "https://www.unssc.org/"
    ),
    OrganizationEntry("UNU", _p("organization", "United Nations University"), "https://unu.edu/"),
    OrganizationEntry("WFP", _p("organization", "World Food Programme"), "https://www.wfp.org/"),
    OrganizationEntry(
        "WHO",
        _p("organization", "World Health Organization"),
        "https://www.who.int/",
        is_executive_committee=True,
        notes=_p(
            "organization note", "Joined the Executive Committee after the original eight members of 2018."
        ),
    ),
    OrganizationEntry("World Bank", _p("organization", "World Bank Group"), "https://www.worldbank.org/"),
    OrganizationEntry("WMO", _p("organization", "World Meteorological Organization"), "https://wmo.int/"),
)

# UN bodies the platform needs that are not Network members in their own right.
OTHER_UN_ENTITIES: tuple[OrganizationEntry, ...] = (
    OrganizationEntry(
        "UNNM",
        _p("organization", "UN Network on Migration Secretariat"),
        "https://migrationnetwork.un.org/",
        is_network_member=False,
        notes=_p("organization note", "Hosts the secretariat role on this platform."),
    ),
    OrganizationEntry(
        "MPTFO",
        _p("organization", "Multi-Partner Trust Fund Office"),
        "https://mptf.undp.org/",
        is_network_member=False,
        notes=_p("organization note", "Administrative agent of the Migration Multi-Partner Trust Fund."),
    ),
)

# Independent States that are not UN Member States (observer States and States in free association);
# every other independent country in the country table is a Member State.
NON_MEMBER_STATES = frozenset({"VAT", "PSE", "COK", "NIU"})

# M49 regions, sub-regions and intermediate regions, by code; the English names are those of the M49 standard.
REGION_NAMES: dict[str, Promise] = {
    "002": _p("M49 region", "Africa"),
    "015": _p("M49 region", "Northern Africa"),
    "202": _p("M49 region", "Sub-Saharan Africa"),
    "014": _p("M49 region", "Eastern Africa"),
    "017": _p("M49 region", "Middle Africa"),
    "018": _p("M49 region", "Southern Africa"),
    "011": _p("M49 region", "Western Africa"),
    "019": _p("M49 region", "Americas"),
    "419": _p("M49 region", "Latin America and the Caribbean"),
    "029": _p("M49 region", "Caribbean"),
    "013": _p("M49 region", "Central America"),
    "005": _p("M49 region", "South America"),
    "021": _p("M49 region", "Northern America"),
    "142": _p("M49 region", "Asia"),
    "143": _p("M49 region", "Central Asia"),
    "030": _p("M49 region", "Eastern Asia"),
    "035": _p("M49 region", "South-eastern Asia"),
    "034": _p("M49 region", "Southern Asia"),
    "145": _p("M49 region", "Western Asia"),
    "150": _p("M49 region", "Europe"),
    "151": _p("M49 region", "Eastern Europe"),
    "154": _p("M49 region", "Northern Europe"),
    "830": _p("M49 region", "Channel Islands"),
    "039": _p("M49 region", "Southern Europe"),
    "155": _p("M49 region", "Western Europe"),
    "009": _p("M49 region", "Oceania"),
    "053": _p("M49 region", "Australia and New Zealand"),
    "054": _p("M49 region", "Melanesia"),
    "057": _p("M49 region", "Micronesia"),
    "061": _p("M49 region", "Polynesia"),
}


@cache
def _by_english() -> dict[str, dict[str, Promise]]:
    """Translatable strings by kind and English text, so a stored English value can be shown translated."""
    kinds: dict[str, list[Promise]] = {
        "objective_title": [o.title for o in OBJECTIVES],
        "objective_label": [o.label for o in OBJECTIVES],
        "principle": [p.title for p in PRINCIPLES],
        "group": [g.name for g in GROUPS],
        "sdg_indicator": [s.title for s in SDG_INDICATORS],
        "organization": [o.name for o in (*NETWORK_MEMBERS, *OTHER_UN_ENTITIES)],
        "organization_note": [
            o.notes for o in (*NETWORK_MEMBERS, *OTHER_UN_ENTITIES) if isinstance(o.notes, Promise)
        ],
        "region": list(REGION_NAMES.values()),
    }
    return {kind: {source_text(text): text for text in texts} for kind, texts in kinds.items()}


def translated(kind: str, english: str) -> str:
    """`english` in the active language when the catalogue has it; otherwise as stored (edited or added
    records keep their own text)."""
    text = _by_english()[kind].get(english)
    return str(text) if text is not None else english
