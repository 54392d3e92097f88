"""SQLAlchemy + GeoAlchemy2 models; importing this module registers every table."""

from .area import Address, Buurt, Street
from .audit import AuditEvent
from .contact import Contact, HelpQuestion, Talent
from .followup import FollowUp, FollowUpEvent, PartnerLink, ServiceLevel
from .partner import Partner, partner_buurten
from .round import Round, RoundStreet, round_buurten, round_workers
from .user import User

__all__ = [
    "Address", "AuditEvent", "Buurt", "Contact", "FollowUp", "FollowUpEvent", "HelpQuestion",
    "Partner", "PartnerLink", "Round", "RoundStreet", "ServiceLevel", "Street", "Talent",
    "User", "partner_buurten", "round_buurten", "round_workers",
]
