"""Messages from alert payloads: one-line summaries, labelled text, e-mail, webhook bodies.

Every message names the person (or holder), organisation, role, group, body, country and the
attribution basis behind it, when the change was first seen, and the source URL.  Pure
functions: a payload (see :func:`tracker.alerts.events.payload`) in, text or dicts out.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, make_msgid

PRODUCT = "sso-tracker"


def _who(p: dict, prefix: str = "") -> str:
    holder = p.get(f"{prefix}holder") or "(unknown holder)"
    country = p.get(f"{prefix}country")
    return f"{holder} ({country})" if country else f"{holder} (country unknown)"


def _group(p: dict) -> str:
    """``ITU-T FG-EX``; codes that already name their body (``ISO/TC 20``) stay as they are."""
    group, body = p.get("group"), p.get("body")
    if group and body and not group.startswith(body):
        return f"{body} {group}"
    return group or body or "(unknown group)"


def summary(p: dict) -> str:
    """One line: what happened, to whom, where."""
    kind, role = p.get("kind"), (p.get("role_label") or p.get("role") or "").lower()
    if kind == "appointment":
        return f"{_who(p)} became {role} of {_group(p)}"
    if kind == "chair_elect":
        return f"{_who(p)} announced as chair-elect of {_group(p)}"
    if kind == "departure":
        return f"{_who(p)} is no longer {role} of {_group(p)}"
    if kind == "secretariat_transfer":
        return f"Secretariat of {_group(p)} moved from {_who(p, 'previous_')} to {_who(p)}"
    if kind == "contribution_surge":
        return (
            f"{p.get('country')} contributions to {_group(p)} at {p.get('meeting')}: "
            f"{p.get('count')} (mean of previous meetings {p.get('previous_mean')})"
        )
    if kind == "source_health":
        return f"Source {p.get('source')} failing: {p.get('failures')} runs in a row"
    return f"{kind}: {_group(p)}"


def fields(p: dict) -> list[tuple[str, str]]:
    """(label, value) pairs of a payload, in reading order, empty values left out."""
    if p.get("kind") == "source_health":
        pairs = [
            ("Source", p.get("source")),
            ("Consecutive failures", p.get("failures")),
            ("Failing since", p.get("first_seen")),
            ("Last reason", p.get("reason")),
            ("Source URL", p.get("source_url")),
        ]
        return [(k, str(v)) for k, v in pairs if v not in (None, "")]
    group = p.get("group") or ""
    if p.get("group_name"):
        group = f"{group} ({p['group_name']})"
    role = p.get("role_label") or p.get("role")
    if role and p.get("role") and role != p["role"]:
        role = f"{role} [{p['role']}]"
    country = p.get("country") or "unknown"
    basis = p.get("basis") or "no attribution"
    first = p.get("first_seen") or ""
    if p.get("last_seen_before"):
        first += f" (not shown on {p['last_seen_before']})"
    pairs = [
        ("Event", (p.get("kind") or "").replace("_", " ")),
        ("Person" if p.get("holder_kind") in (None, "person") else "Holder", p.get("holder")),
        ("Organisation", p.get("organization")),
        ("Role", role),
        ("Group", group),
        ("Body", p.get("body")),
        ("Country", f"{country} (basis: {basis})"),
    ]
    if p.get("kind") == "secretariat_transfer":
        pairs.append(
            ("Previously", f"{p.get('previous_holder')} ({p.get('previous_country') or 'unknown'})")
        )
    if p.get("kind") == "contribution_surge":
        pairs += [
            ("Meeting", p.get("meeting")),
            ("Contributions", p.get("count")),
            ("Previous mean", p.get("previous_mean")),
        ]
    pairs += [
        ("Elected on", p.get("elected_on")),
        ("Term ends", p.get("term_end")),
        ("First seen", first),
        ("Source URL", p.get("source_url")),
    ]
    return [(k, str(v)) for k, v in pairs if v not in (None, "")]


def text(p: dict) -> str:
    width = max(len(k) for k, _ in fields(p)) + 1
    return "\n".join(f"{(k + ':').ljust(width)} {v}" for k, v in fields(p))


def title(payloads: list[dict], digest_day: str | None = None) -> str:
    if digest_day:
        return f"{PRODUCT} digest for {digest_day}: {len(payloads)} alert(s)"
    if len(payloads) == 1:
        return summary(payloads[0])
    return f"{PRODUCT}: {len(payloads)} alerts"


def email_message(
    payloads: list[dict], *, sender: str, to: list[str], digest_day: str | None = None
) -> EmailMessage:
    # 200: CPython folds some 80-character subjects before their first word, which some
    # clients show as an empty subject line; RFC 5322 allows up to 998.
    msg = EmailMessage(policy=SMTP.clone(max_line_length=200))
    msg["Subject"] = f"[{PRODUCT}] {title(payloads, digest_day)}"
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Date"] = formatdate(usegmt=True)
    msg["Message-ID"] = make_msgid(domain=PRODUCT)
    parts = [f"{summary(p)}\n\n{text(p)}" for p in payloads]
    msg.set_content("\n\n" + ("\n\n" + "-" * 60 + "\n\n").join(parts) + "\n")
    return msg


def webhook_body(payloads: list[dict], fmt: str = "json", digest_day: str | None = None) -> dict:
    """The JSON body for a webhook: ``json`` (all fields), ``slack`` or ``teams``."""
    head = title(payloads, digest_day)
    if fmt == "slack":
        blocks = [{"type": "header", "text": {"type": "plain_text", "text": head[:150]}}]
        for p in payloads[:45]:
            lines = "\n".join(f"*{k}:* {v}" for k, v in fields(p))
            blocks.append(
                {
                    "type": "section",
                    "text": {"type": "mrkdwn", "text": f"*{summary(p)}*\n{lines}"[:3000]},
                }
            )
        if len(payloads) > 45:
            blocks.append(
                {
                    "type": "context",
                    "elements": [{"type": "mrkdwn", "text": f"…and {len(payloads) - 45} more"}],
                }
            )
        return {"text": head, "blocks": blocks}
    if fmt == "teams":
        body = [
            {"type": "TextBlock", "text": head, "weight": "Bolder", "size": "Medium", "wrap": True}
        ]
        actions = []
        for p in payloads:
            body.append({"type": "TextBlock", "text": summary(p), "wrap": True, "separator": True})
            body.append(
                {"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in fields(p)]}
            )
            if p.get("source_url") and len(actions) < 5:
                actions.append(
                    {"type": "Action.OpenUrl", "title": "Source", "url": p["source_url"]}
                )
        card = {
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard",
            "version": "1.4",
            "body": body,
            "actions": actions,
        }
        return {
            "type": "message",
            "attachments": [
                {
                    "contentType": "application/vnd.microsoft.card.adaptive",
                    "contentUrl": None,
                    "content": card,
                }
            ],
        }
    return {
        "source": PRODUCT,
        "title": head,
        "digest_day": digest_day,
        "alerts": [dict(p, summary=summary(p)) for p in payloads],
    }
