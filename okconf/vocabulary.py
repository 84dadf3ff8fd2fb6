"""The domain's shared words: parties, organisation types, themes, principles, diets.

Each enum's `label` is the word users see (Swedish by default, English on request).
"""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

_LAZY_LABELS: dict[type, dict] = {}


def _lazy_labels(cls) -> dict:
    """The enum's {member: lazily translated word}, made once: the words are lazy, so they
    are translated into the current language each time they are shown (a form builds dozens
    of choices a request, and used to build the whole mapping for each one)."""
    labels = _LAZY_LABELS.get(cls)
    if labels is None:
        labels = _LAZY_LABELS[cls] = cls._labels()
    return labels


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry a translatable label."""

    @property
    def label(self) -> str:
        """The member's user-facing word in the current language."""
        return str(_lazy_labels(type(self)).get(self, self.value))

    @classmethod
    def _labels(cls) -> dict:
        """Each subclass maps its members to lazily translated words."""
        return {}

    @classmethod
    def choices(cls) -> list[SelectChoice]:
        """The members as options of a form field."""
        labels = _lazy_labels(cls)
        return [SelectChoice(m.value, str(labels.get(m, m.value))) for m in cls]


class Party(LabelledEnum):
    """The three parties of the Agreement, used as the sector of people and organisations."""

    CIVIL_SOCIETY = "civil_society"
    PUBLIC_SECTOR = "public_sector"
    BUSINESS_OTHER = "business_other"

    @classmethod
    def _labels(cls):
        return {
            cls.CIVIL_SOCIETY: _l("Civil-society organisations"),
            cls.PUBLIC_SECTOR: _l("Public sector"),
            cls.BUSINESS_OTHER: _l("Business and others"),
        }


class OrganisationType(LabelledEnum):
    """The kind of organisation; each belongs to one party by default."""

    CIVIL_SOCIETY_ORG = "civil_society_org"
    MUNICIPALITY = "municipality"
    REGION = "region"
    GOVERNMENT_AGENCY = "government_agency"
    COUNTY_BOARD = "county_board"
    COMPANY = "company"
    UNIVERSITY = "university"
    OTHER = "other"

    @classmethod
    def _labels(cls):
        return {
            cls.CIVIL_SOCIETY_ORG: _l("Civil-society organisation"),
            cls.MUNICIPALITY: _l("Municipality"),
            cls.REGION: _l("Region"),
            cls.GOVERNMENT_AGENCY: _l("Government agency"),
            cls.COUNTY_BOARD: _l("County administrative board"),
            cls.COMPANY: _l("Company"),
            cls.UNIVERSITY: _l("University or college"),
            cls.OTHER: _l("Other"),
        }

    @property
    def party(self) -> Party:
        """The party this type of organisation belongs to."""
        if self is OrganisationType.CIVIL_SOCIETY_ORG:
            return Party.CIVIL_SOCIETY
        if self in (OrganisationType.COMPANY, OrganisationType.UNIVERSITY, OrganisationType.OTHER):
            return Party.BUSINESS_OTHER
        return Party.PUBLIC_SECTOR


class Theme(LabelledEnum):
    """The Agreement's themes used for workshops and group notes."""

    LANGUAGE = "language"
    HEALTH = "health"
    HOUSING = "housing"
    WORK = "work"
    EDUCATION = "education"
    MEETING_PLACES = "meeting_places"
    ANTI_DISCRIMINATION = "anti_discrimination"

    @classmethod
    def _labels(cls):
        return {
            cls.LANGUAGE: _l("Language"),
            cls.HEALTH: _l("Health"),
            cls.HOUSING: _l("Housing"),
            cls.WORK: _l("Work and employment"),
            cls.EDUCATION: _l("Education"),
            cls.MEETING_PLACES: _l("Meeting places"),
            cls.ANTI_DISCRIMINATION: _l("Anti-discrimination"),
        }


class Principle(LabelledEnum):
    """The six principles of the Agreement."""

    INDEPENDENCE = "independence"
    DIALOGUE = "dialogue"
    QUALITY = "quality"
    LONG_TERM = "long_term"
    OPENNESS = "openness"
    DIVERSITY = "diversity"

    @classmethod
    def _labels(cls):
        return {
            cls.INDEPENDENCE: _l("Independence"),
            cls.DIALOGUE: _l("Dialogue"),
            cls.QUALITY: _l("Quality"),
            cls.LONG_TERM: _l("Long-term approach"),
            cls.OPENNESS: _l("Openness and transparency"),
            cls.DIVERSITY: _l("Diversity"),
        }


class Diet(LabelledEnum):
    """Structured dietary needs (special category data: erased on schedule)."""

    VEGETARIAN = "vegetarian"
    VEGAN = "vegan"
    GLUTEN_FREE = "gluten_free"
    LACTOSE_FREE = "lactose_free"
    NUT_ALLERGY = "nut_allergy"
    HALAL = "halal"
    KOSHER = "kosher"
    OTHER = "other"

    @classmethod
    def _labels(cls):
        return {
            cls.VEGETARIAN: _l("Vegetarian"),
            cls.VEGAN: _l("Vegan"),
            cls.GLUTEN_FREE: _l("Gluten-free"),
            cls.LACTOSE_FREE: _l("Lactose-free"),
            cls.NUT_ALLERGY: _l("Nut allergy"),
            cls.HALAL: _l("Halal"),
            cls.KOSHER: _l("Kosher"),
            cls.OTHER: _l("Other"),
        }
