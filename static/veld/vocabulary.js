/* The server's words and rules on the phone: labels, the statuses a worker may set and the
 * service levels, all from the bundle (GET /api/v1/veld/bundle, in the user's language).
 * The phone keeps no copy of its own: a second copy drifts.
 *
 * Before the first bundle (a fresh install) there is nothing to show that needs them;
 * with a bundle from an older server (no vocabulary yet) a value shows as its code in
 * words ('warme_overdracht' -> 'warme overdracht'), lists to choose from are empty, nobody
 * changes a status, and due dates are left to the server.
 */
(function (global) {
  'use strict';

  const DAY_MS = 24 * 60 * 60 * 1000;
  const TEAM_TIME_ZONE = 'Europe/Amsterdam';
  let source = null;

  /** Take the words and rules of BUNDLE (null: none yet). */
  function use(bundle) {
    source = bundle || null;
  }

  function has(kind) {
    return Boolean(source && source.vocabulary && source.vocabulary[kind]);
  }

  /** [{value, label}] of KIND ('outcome', 'help_category', ...), in the server's order. */
  function options(kind) {
    return has(kind) ? source.vocabulary[kind] : [];
  }

  /** The label of CODE of KIND; its code in words when the phone has no label for it. */
  function label(kind, code) {
    if (code == null || code === '') return '';
    const found = options(kind).find((option) => option.value === code);
    return found ? found.label : String(code).replace(/_/g, ' ');
  }

  /** The statuses a worker may set on a follow-up in STATUS (none without the rules). */
  function workerTargets(status) {
    const rules = source && source.follow_up_rules;
    return (rules && rules.worker_targets && rules.worker_targets[status]) || [];
  }

  /** True when STATUS closes a follow-up (only a team lead reopens it). */
  function isFinal(status) {
    const rules = source && source.follow_up_rules;
    return Boolean(rules && (rules.final_statuses || []).includes(status));
  }

  // ------------------------------------------------------------ due dates

  function parseDay(iso) {
    const [year, month, day] = iso.split('-').map(Number);
    return Date.UTC(year, month - 1, day);
  }

  function formatDay(time) {
    return new Date(time).toISOString().slice(0, 10);
  }

  /** The teams' date ('YYYY-MM-DD', Dutch time) of the instant INSTANT (ISO or Date). */
  function teamDate(instant) {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone: TEAM_TIME_ZONE, year: 'numeric',
      month: '2-digit', day: '2-digit' }).formatToParts(new Date(instant));
    const get = (type) => parts.find((part) => part.type === type).value;
    return `${get('year')}-${get('month')}-${get('day')}`;
  }

  /**
   * The date DAYS working days after START ('YYYY-MM-DD'; START itself does not count),
   * skipping weekends and the dates in HOLIDAYS: service_levels.add_working_days.
   */
  function addWorkingDays(start, days, holidays) {
    const skip = holidays instanceof Set ? holidays : new Set(holidays || []);
    let time = parseDay(start);
    let remaining = days;
    while (remaining > 0) {
      time += DAY_MS;
      const weekday = new Date(time).getUTCDay();
      if (weekday !== 0 && weekday !== 6 && !skip.has(formatDay(time))) remaining -= 1;
    }
    return formatDay(time);
  }

  /**
   * The due date a follow-up of KIND made on MADE_ON ('YYYY-MM-DD') gets from the team's
   * service levels LEVELS (the bundle's service_levels), as the server's default_due_date
   * gives it; null when the kind has none or the date lies outside the holidays known.
   */
  function dueDate(levels, kind, madeOn) {
    if (!levels || !levels.working_days || !madeOn) return null;
    const days = levels.working_days[kind];
    if (!days) return null;
    if (madeOn < levels.holidays_from) return null;
    const due = addWorkingDays(madeOn, days, levels.holidays);
    return due > levels.holidays_until ? null : due;
  }

  /** The team's default due date of a follow-up of KIND made at the instant MADE_AT. */
  function defaultDueDate(kind, madeAt) {
    return dueDate(source && source.service_levels, kind, teamDate(madeAt || new Date()));
  }

  global.Buurtronde = global.Buurtronde || {};
  global.Buurtronde.vocabulary = {
    use, has, options, label, workerTargets, isFinal, teamDate, addWorkingDays, dueDate,
    defaultDueDate,
  };
})(self);
