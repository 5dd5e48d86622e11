"""Every country basis a post record gives, and the default one under the fallback order.

Bases: ``listed`` (printed beside the person), ``member_body`` (holding or nominating member
body; flagged derived when inferred from the secretariat), ``partner_org`` (3GPP OP printed
with the name), ``hq`` / ``registration`` (from the organisation registry, or the
organisation's country as the source states it).
"""

from __future__ import annotations

Basis = tuple[str, str | None, str | None, bool]  # basis, country, detail, derived


def record_bases(rec: dict, resolver) -> tuple[list[Basis], int | None, int | None]:
    """(bases, organisation id, member-body id) for one post record."""
    bases: list[Basis] = []
    if rec.get("country"):
        bases.append(("listed", rec["country"], rec.get("country_raw"), False))
    member_body_id = None
    if rec.get("member_body"):
        mbody = resolver.member_body(rec["body"], rec["member_body"])
        member_body_id = mbody.id
        derived = bool(rec.get("member_body_derived"))
        detail = f"{mbody.acronym} (secretariat, derived)" if derived else mbody.acronym
        bases.append(("member_body", mbody.country, detail, derived))
    if rec.get("partner_org"):
        op = resolver.member_body("3GPP", rec["partner_org"])
        bases.append(("partner_org", op.country, op.acronym, False))
    org_id, org_bases = resolver.organization(rec.get("organization"), rec.get("country"))
    if rec.get("organization_country") and not any(b == "hq" for b, *_ in org_bases):
        org_bases.append(("hq", rec["organization_country"], "organisation country stated by the source", False))
    bases.extend(org_bases)
    first: dict[str, Basis] = {}
    for basis in bases:  # the record's own statement wins over a derived one
        first.setdefault(basis[0], basis)
    return list(first.values()), org_id, member_body_id


def default_country(bases: list[Basis], fallback: tuple[str, ...]) -> tuple[str | None, str | None]:
    by_basis = {b: c for b, c, _d, _x in bases if c}
    for mode in fallback:
        if by_basis.get(mode):
            return by_basis[mode], mode
    return None, None
