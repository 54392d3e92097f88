/* Doors on the phone: the team's doors from the bundle joined with this phone's own records.
 *
 * A door is the door key of the server (geo.addresses.door_key): the house number and
 * the letters and digits after it, upper case; '12a', '12 A' and '12-A' are the door
 * '12:A'. A street's doors are its address list plus numbers logged outside it; each shows
 * its last outcome, whoever logged it. Loaded by the page and by the service worker.
 */
(function (global) {
  'use strict';

  /** The door of house NUMBER and SUFFIX ('12:A'; '12:' without suffix); null without number. */
  function doorKey(number, suffix) {
    if (number == null || number === '') return null;
    return `${Number(number)}:${String(suffix || '').replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`;
  }

  /** A door key as written on a door: '12:A' -> '12A', '12:2' -> '12-2', '12:' -> '12'. */
  function doorLabel(key) {
    const [number, suffix] = String(key).split(':');
    return number + (/^[0-9]/.test(suffix || '') ? '-' : '') + (suffix || '');
  }

  /** House number and suffix of a door's LABEL ('12A-2' -> {number: 12, suffix: 'A-2'}). */
  function splitLabel(label) {
    const match = /^(\d+)\s*-?\s*(.*)$/.exec(String(label || '').trim());
    return match ? { number: Number(match[1]), suffix: match[2] || '' } : null;
  }

  /** The door key of a record of this phone (older records carry only their label). */
  function recordDoor(record) {
    if (record.door) return record.door;
    const parts = splitLabel(record.label);
    return parts ? doorKey(parts.number, parts.suffix) : null;
  }

  function number(door) {
    return parseInt(door.door, 10);
  }

  function newer(at, than) {
    return !than || Date.parse(at) >= Date.parse(than);
  }

  /**
   * Every door of STREET (a bundle street) with its last outcome: the team's as the
   * bundle knew it, overlaid with OWN, this phone's records of the street ({door, label,
   * outcome, recorded_at, state: waiting | refused | sent}) where they are newer.
   * Each door: {door, label, known, outcome, at, own}, by house number.
   */
  function streetDoors(street, own) {
    const byDoor = new Map();
    ((street && street.doors) || []).forEach((door) => {
      // The bundle leaves out what a door has not got (an outcome, a time, "outside").
      byDoor.set(door.door, { door: door.door, label: door.label, known: !door.outside,
        outcome: door.outcome || null, at: door.at || null, own: null });
    });
    (own || []).forEach((record) => {
      const key = recordDoor(record);
      if (!key || !record.outcome) return;
      const door = byDoor.get(key);
      if (!door) {
        byDoor.set(key, { door: key, label: doorLabel(key), known: false,
          outcome: record.outcome, at: record.recorded_at, own: record.state });
      } else if (newer(record.recorded_at, door.at)) {
        Object.assign(door, { outcome: record.outcome, at: record.recorded_at, own: record.state });
      }
    });
    return [...byDoor.values()].sort((a, b) => number(a) - number(b)
      || (a.door < b.door ? -1 : a.door > b.door ? 1 : 0));
  }

  /** True when DOOR was visited on or after the day SINCE ('YYYY-MM-DD', Dutch time). */
  function visitedSince(door, since) {
    if (!door.outcome || !door.at) return false;
    return !since || global.Buurtronde.vocabulary.teamDate(door.at) >= since;
  }

  /**
   * What the street's figure claims, from DOORS visited since SINCE: reached doors of the
   * address list (never more than it has), and visited numbers outside it, apart.
   */
  function progress(doors, since) {
    const known = doors.filter((door) => door.known);
    const visited = doors.filter((door) => visitedSince(door, since));
    return { known: known.length, reached: visited.filter((door) => door.known).length,
      outside: visited.filter((door) => !door.known).length };
  }

  /** Doors where nobody was home since SINCE: the ones to try again. */
  function retryDoors(doors, since) {
    return doors.filter((door) => door.outcome === 'niet_thuis' && visitedSince(door, since));
  }

  /** True when every door with house number N was visited since SINCE (false: no such door). */
  function numberDone(n, doors, since) {
    const same = doors.filter((door) => number(door) === Number(n));
    return same.length > 0 && same.every((door) => visitedSince(door, since));
  }

  /**
   * The next house number to ring after CURRENT, walking STEP (2: same side): the first
   * address-list number ahead on that side not visited since SINCE; else the lowest such
   * number anywhere; else the first door to try again; else CURRENT + STEP.
   */
  function suggestNext(current, step, doors, since) {
    const open = new Map();
    doors.filter((door) => door.known).forEach((door) => {
      const n = number(door);
      open.set(n, (open.get(n) || false) || !visitedSince(door, since));
    });
    const todo = [...open.entries()].filter(([, left]) => left).map(([n]) => n)
      .sort((a, b) => a - b);
    if (!current) {
      if (todo.length) return todo[0];
    } else {
      const ahead = todo.filter((n) => n > current && (step === 1 || (n - current) % 2 === 0));
      if (ahead.length) return ahead[0];
      if (todo.length) return todo[0];
    }
    const retry = retryDoors(doors, since);
    if (retry.length) return number(retry[0]);
    return current ? current + step : 1;
  }

  global.Buurtronde = global.Buurtronde || {};
  global.Buurtronde.doors = {
    doorKey, doorLabel, splitLabel, recordDoor, streetDoors, progress, retryDoors, suggestNext,
    numberDone, visitedSince,
  };
})(self);
