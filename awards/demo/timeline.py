"""When things happened in the demo: round calendars, and each dossier's path of actions.

The demo's "current" provincial rounds belong to ``demo_year``: the current year once its
rounds are decided (from mid-November), otherwise the year before, so every dated event of
those rounds lies in the past. Rounds open for registration get a window around today.
"""

import calendar
import datetime

from django.utils import timezone

from awards.enums import DossierState as S

#: Actions that walk a product dossier from draft to each state.
PRODUCT_PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: ["submit"],
    S.RETURNED: ["submit", "return_for_supplement"],
    S.ACCEPTED: ["submit", "accept"],
    S.IN_SCORING: ["submit", "accept", "open_scoring"],
    S.SCORED: ["submit", "accept", "open_scoring", "close_scoring"],
    S.RECOGNISED: ["submit", "accept", "open_scoring", "close_scoring", "recognise"],
    S.NOT_RECOGNISED: ["submit", "accept", "open_scoring", "close_scoring", "not_recognise"],
    S.REVOKED: ["submit", "accept", "open_scoring", "close_scoring", "recognise", "revoke"],
    S.WITHDRAWN: ["submit", "accept", "withdraw"],
    S.REJECTED: ["submit", "reject"],
    S.DISQUALIFIED: ["submit", "accept", "open_scoring", "disqualify"],
}

#: Actions that walk an artisan dossier from draft to each state.
ARTISAN_PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: ["submit"],
    S.RETURNED: ["submit", "return_for_supplement"],
    S.ACCEPTED: ["submit", "accept"],
    S.IN_CONSULTATION: ["submit", "accept", "open_consultation"],
    S.VOTING: ["submit", "accept", "open_consultation", "open_voting"],
    S.APPROVED: ["submit", "accept", "open_consultation", "open_voting", "approve"],
    S.NOT_APPROVED: ["submit", "accept", "open_consultation", "open_voting", "not_approve"],
    S.AWARDED: ["submit", "accept", "open_consultation", "open_voting", "approve", "award"],
    S.WITHDRAWN: ["submit", "withdraw"],
    S.REJECTED: ["submit", "reject"],
}

#: Actions the applicant takes (any day, online); the offices act on working days.
APPLICANT_ACTIONS = ("submit", "resubmit", "withdraw")

#: Scored product states: the dossier has score sheets.
SCORED_STATES = (S.IN_SCORING, S.SCORED, S.RECOGNISED, S.NOT_RECOGNISED, S.REVOKED)


def path_to(state, *, artisan, resubmitted=False, consultation=True):
    """The actions from draft to ``state``; optionally one return and resubmission first."""
    actions = list((ARTISAN_PATHS if artisan else PRODUCT_PATHS)[state])
    if not consultation and "open_consultation" in actions:
        actions.remove("open_consultation")
    if resubmitted and len(actions) > 1 and actions[1] == "accept":
        actions[1:1] = ["return_for_supplement", "resubmit"]
    return actions


def at(day, hour=8, minute=0):
    """An aware datetime in the project's time zone (Asia/Ho_Chi_Minh)."""
    naive = datetime.datetime.combine(day, datetime.time(hour, minute))
    return timezone.make_aware(naive)


def demo_year(today):
    return today.year if today >= datetime.date(today.year, 11, 15) else today.year - 1


def open_window(today):
    """A registration window around ``today``: from the first of the month (or of the month
    before, early in a month) to the end of the fourth month after."""
    first = today.replace(day=1)
    if today.day < 8:
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    month_index = first.month - 1 + 4
    year, month = first.year + month_index // 12, month_index % 12 + 1
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    return at(first, 7, 30), at(last, 17, 0)


class Schedule:
    """Chooses the moment of each action of one round; ``rng`` spreads dossiers apart.

    ``fixed`` maps an action to the moment it happened for the whole round (scoring opened,
    the council met); other actions follow the previous one after a few days, never later
    than ``latest`` and never before the previous action.
    """

    def __init__(self, *, created, submit_by, fixed, latest, gaps=None):
        self.created = created  # (earliest, latest) creation day
        self.submit_by = submit_by
        self.fixed = fixed
        self.latest = latest
        self.gaps = {
            "submit": (1, 6),
            "return_for_supplement": (3, 6),
            "resubmit": (2, 5),
            "accept": (4, 12),
            "withdraw": (8, 14),
            "reject": (6, 10),
            **(gaps or {}),
        }

    def creation(self, rng):
        first, last = self.created
        day = first + datetime.timedelta(days=rng.randint(0, max((last - first).days, 0)))
        return at(day, rng.randint(8, 16), rng.choice((0, 15, 30, 45)))

    def moment(self, action, previous, rng):
        if action in self.fixed:
            moment = self.fixed[action] + datetime.timedelta(minutes=rng.randint(0, 90))
        else:
            low, high = self.gaps.get(action, (1, 3))
            moment = previous + datetime.timedelta(
                days=rng.randint(low, high), minutes=rng.randint(0, 240)
            )
            if action == "submit":
                moment = min(moment, self.submit_by - datetime.timedelta(hours=rng.randint(1, 30)))
        if action not in APPLICANT_ACTIONS:
            # Offices act on working days.
            while timezone.localtime(moment).weekday() >= 5:
                moment += datetime.timedelta(days=1)
        moment = min(moment, self.latest)
        return max(moment, previous + datetime.timedelta(minutes=30))


def provincial_product_calendar(year):
    """The provincial product round: registration May–July, scoring September–October."""
    d = datetime.date
    return {
        "registration_opens": at(d(year, 5, 1), 7, 30),
        "registration_closes": at(d(year, 7, 31), 17, 0),
        "scoring_opens": at(d(year, 9, 8), 8, 0),
        "scoring_closes": at(d(year, 10, 20), 17, 0),
    }


def provincial_product_schedule(year, now):
    d = datetime.date
    return Schedule(
        created=(d(year, 5, 4), d(year, 7, 18)),
        submit_by=at(d(year, 7, 31), 17, 0),
        fixed={
            "open_scoring": at(d(year, 9, 8), 8, 0),
            "close_scoring": at(d(year, 10, 20), 16, 0),
            "disqualify": at(d(year, 9, 26), 10, 0),
            "recognise": at(d(year, 11, 6), 15, 0),
            "not_recognise": at(d(year, 11, 6), 15, 0),
            "revoke": at(d(year, 11, 12), 9, 30),
        },
        latest=now - datetime.timedelta(hours=1),
        gaps={"accept": (5, 20)},
    )


def skilled_worker_calendar(year, consultation_closes):
    d = datetime.date
    return {
        "registration_opens": at(d(year, 6, 1), 7, 30),
        "registration_closes": at(d(year, 9, 15), 17, 0),
        "consultation_opens": d(year, 10, 15),
        "consultation_closes": consultation_closes,
    }


def next_working_day(day):
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def skilled_worker_schedule(year, now, consultation_closes):
    d = datetime.date
    voting_opens = next_working_day(consultation_closes + datetime.timedelta(days=1))
    council_meets = next_working_day(voting_opens + datetime.timedelta(days=1))
    decision = next_working_day(council_meets + datetime.timedelta(days=5))
    return Schedule(
        created=(d(year, 6, 3), d(year, 9, 5)),
        submit_by=at(d(year, 9, 15), 17, 0),
        fixed={
            "open_consultation": at(d(year, 10, 15), 8, 0),
            "open_voting": at(voting_opens, 8, 0),
            "approve": at(council_meets, 10, 0),
            "not_approve": at(council_meets, 10, 0),
            "award": at(decision, 10, 0),
        },
        latest=now - datetime.timedelta(hours=1),
    )


def open_round_schedule(now):
    """Rounds open now: dossiers were started in the last days."""
    today = timezone.localdate(now)
    return Schedule(
        created=(today - datetime.timedelta(days=6), today - datetime.timedelta(days=3)),
        submit_by=now,
        fixed={},
        latest=now - datetime.timedelta(minutes=30),
        gaps={"submit": (1, 2)},
    )
