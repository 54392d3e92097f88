/* The phone's own database (IndexedDB through idb): the outbox, the offline bundle, and a
 * short log of what the server acknowledged. Loaded by the page and by the service worker.
 *
 * The schema is code: one version constant, one upgrade step per version. Never edit a
 * past step; add a new one, so phones that skipped versions still arrive at the same shape.
 */
(function (global) {
  'use strict';

  const DB_NAME = 'buurtronde';
  const UPGRADES = [
    // 0 -> 1: the first schema.
    function (db) {
      const outbox = db.createObjectStore('outbox', { keyPath: 'id' });
      // Oldest first, per status: the sync engine takes pending items in the order made.
      outbox.createIndex('by_status_created', ['status', 'created_at']);
      outbox.createIndex('by_street', 'street_id');
      db.createObjectStore('bundle');
      db.createObjectStore('meta');
      const sent = db.createObjectStore('sent', { keyPath: 'id' });
      sent.createIndex('by_street', 'street_id');
      sent.createIndex('by_acked', 'acked_at');
    },
    // 1 -> 2: the worker's own follow-up updates wait in a queue of their own (another
    // endpoint, another shape); the contact outbox and its records are left as they are.
    function (db) {
      const updates = db.createObjectStore('followup_updates', { keyPath: 'id' });
      updates.createIndex('by_status_created', ['status', 'created_at']);
      updates.createIndex('by_follow_up', 'follow_up_id');
    },
  ];
  const DB_VERSION = UPGRADES.length;
  const SENT_KEEP = 2000; // acknowledged records kept locally for progress and "recent doors"

  let dbPromise = null;

  function open() {
    if (!dbPromise) {
      dbPromise = global.idb.openDB(DB_NAME, DB_VERSION, {
        upgrade(db, oldVersion) {
          for (let v = oldVersion; v < DB_VERSION; v += 1) UPGRADES[v](db);
        },
        blocking() {
          // A newer tab wants to upgrade: let go so it can.
          dbPromise.then((db) => db.close());
          dbPromise = null;
        },
      });
    }
    return dbPromise;
  }

  function summary(payload) {
    return {
      street_id: payload.street_id == null ? null : payload.street_id,
      label: payload.house_number == null ? null
        : String(payload.house_number) + (payload.house_suffix || ''),
      door: global.Buurtronde.doors.doorKey(payload.house_number, payload.house_suffix),
      outcome: payload.outcome,
      setting: payload.setting,
      round_id: payload.round_id == null ? null : payload.round_id,
      recorded_at: payload.recorded_at,
    };
  }

  /** Put contact payloads into the outbox in one transaction; returns their ids. */
  async function addContacts(payloads) {
    const db = await open();
    const tx = db.transaction('outbox', 'readwrite');
    const now = Date.now();
    payloads.forEach((payload, i) => {
      tx.store.put(Object.assign({
        id: payload.id, kind: 'contact', payload, status: 'pending', errors: null,
        created_at: now + i / 1000, attempts: 0,
      }, summary(payload)));
    });
    await tx.done;
    return payloads.map((p) => p.id);
  }

  /** The oldest LIMIT records of STORE_NAME waiting to be sent, without the ids in SKIP. */
  async function oldestPending(storeName, limit, skip) {
    const db = await open();
    const range = IDBKeyRange.bound(['pending', -Infinity], ['pending', Infinity]);
    const left = skip || new Set();
    const items = await db.getAllFromIndex(storeName, 'by_status_created', range,
      limit + left.size);
    return items.filter((item) => !left.has(item.id)).slice(0, limit);
  }

  /** The oldest LIMIT items waiting to be sent (without the ids in SKIP). */
  async function pending(limit, skip) {
    return oldestPending('outbox', limit, skip);
  }

  /**
   * Apply the server's answer for a batch: acknowledged items leave the outbox (and are
   * remembered in `sent`; a follow-up made at the door is kept until a bundle fetched
   * after this answer has spoken for it, see settleDoorFollowUps), refused ones stay with
   * the server's reason.
   */
  async function applyResults(items, results) {
    const db = await open();
    const tx = db.transaction(['outbox', 'sent', 'meta'], 'readwrite');
    const outbox = tx.objectStore('outbox');
    const sent = tx.objectStore('sent');
    const meta = tx.objectStore('meta');
    const now = Date.now();
    const byId = new Map(items.map((item) => [item.id, item]));
    const counts = { acknowledged: 0, refused: 0 };
    const madeHere = (await meta.get(DOOR_FOLLOW_UPS)) || {};
    let followUpsAcked = false;
    results.forEach((result, index) => {
      const item = byId.get(result.id) || items[index];
      if (!item) return;
      if (result.status === 'created' || result.status === 'duplicate') {
        outbox.delete(item.id);
        sent.put(Object.assign({ id: item.id, acked_at: now, status: result.status },
          summary(item.payload)));
        if (item.payload.follow_up) {
          madeHere[item.payload.follow_up.id] = { payload: item.payload, acked_at: now };
          followUpsAcked = true;
        }
        counts.acknowledged += 1;
      } else {
        const refused = Object.assign({}, item, {
          status: result.status === 'conflict' ? 'conflict' : 'rejected',
          errors: result.errors || (result.status === 'conflict'
            ? { id: ['Dit record staat al op de server met andere inhoud.'] } : {}),
          attempts: (item.attempts || 0) + 1,
        });
        outbox.put(refused);
        counts.refused += 1;
      }
    });
    if (followUpsAcked) meta.put(madeHere, DOOR_FOLLOW_UPS);
    await tx.done;
    trimSent().catch(() => {});
    return counts;
  }

  async function trimSent() {
    const db = await open();
    const total = await db.count('sent');
    if (total <= SENT_KEEP) return;
    const tx = db.transaction('sent', 'readwrite');
    let cursor = await tx.store.index('by_acked').openCursor();
    let excess = total - SENT_KEEP;
    while (cursor && excess > 0) {
      cursor.delete();
      excess -= 1;
      cursor = await cursor.continue();
    }
    await tx.done;
  }

  /** Counts for the always-visible outbox badge: contacts and follow-up updates together. */
  async function counts() {
    const db = await open();
    const tx = db.transaction(['outbox', 'followup_updates']);
    const counter = (name) => {
      const index = tx.objectStore(name).index('by_status_created');
      return (status) => index.count(IDBKeyRange.bound([status, -Infinity], [status, Infinity]));
    };
    const contacts = counter('outbox');
    const updates = counter('followup_updates');
    const [waiting, rejected, conflict, fuWaiting, fuRejected, fuConflict] = await Promise.all([
      contacts('pending'), contacts('rejected'), contacts('conflict'),
      updates('pending'), updates('rejected'), updates('conflict')]);
    return {
      waiting: waiting + fuWaiting, refused: rejected + conflict + fuRejected + fuConflict,
      followUpWaiting: fuWaiting, followUpRefused: fuRejected + fuConflict,
    };
  }

  // ------------------------------------------------------------ follow-up updates
  // A record: { id (the phone's UUID, the server's idempotency key), follow_up_id,
  // status: pending | conflict | rejected, payload (what is posted), follow_up (a copy of
  // the follow-up as the worker saw it, to show it even when a new bundle drops it),
  // current (the server's state, on conflict), errors and message (on rejection) }.

  /**
   * Queue a status change of a follow-up. It replaces what still waits for that follow-up
   * (the worker's latest word counts); returns the new record.
   */
  async function addFollowUpUpdate(payload, followUp) {
    const db = await open();
    const tx = db.transaction('followup_updates', 'readwrite');
    const old = await tx.store.index('by_follow_up').getAllKeys(payload.follow_up_id);
    old.forEach((key) => tx.store.delete(key));
    const record = {
      id: payload.id, follow_up_id: payload.follow_up_id, status: 'pending', payload,
      follow_up: followUp, current: null, errors: null, message: null,
      created_at: Date.now(), attempts: 0,
    };
    tx.store.put(record);
    await tx.done;
    return record;
  }

  /** The oldest LIMIT follow-up updates waiting to be sent (without the ids in SKIP). */
  async function pendingFollowUpUpdates(limit, skip) {
    return oldestPending('followup_updates', limit, skip);
  }

  /** Every follow-up update on the phone (waiting or refused), oldest first. */
  async function followUpUpdates() {
    const all = await (await open()).getAll('followup_updates');
    return all.sort((a, b) => a.created_at - b.created_at);
  }

  /** What the phone knows of follow-ups since the bundle: { id: { version, status } }. */
  async function followUpStates() {
    return (await getMeta('followup_states')) || {};
  }

  function remember(states, id, state) {
    if (!state || !(state.version > ((states[id] && states[id].version) || 0))) return;
    states[id] = { version: state.version, status: state.status };
  }

  /**
   * Apply the server's answer for a batch of updates: applied and duplicate leave the
   * queue and their state is remembered; conflicts keep the server's current state to
   * show beside the worker's; rejected ones keep the reason.
   */
  async function applyFollowUpResults(items, results) {
    const db = await open();
    const tx = db.transaction(['followup_updates', 'meta'], 'readwrite');
    const updates = tx.objectStore('followup_updates');
    const meta = tx.objectStore('meta');
    const states = (await meta.get('followup_states')) || {};
    const byId = new Map(items.map((item) => [item.id, item]));
    const counts = { acknowledged: 0, refused: 0 };
    for (let index = 0; index < results.length; index += 1) {
      const result = results[index];
      const item = byId.get(result.id) || items[index];
      if (!item) continue;
      if (result.status === 'applied' || result.status === 'duplicate') {
        updates.delete(item.id);
        remember(states, item.follow_up_id, result.follow_up);
        const next = result.follow_up && result.follow_up.version;
        if (next === item.payload.base_version + 1) {
          // Nobody else changed it in between: a later change of the worker's that waits
          // on the same version builds on this one, not on a conflict with itself.
          const later = await updates.index('by_follow_up').getAll(item.follow_up_id);
          later.filter((r) => r.id !== item.id && r.status === 'pending'
            && r.payload.base_version === item.payload.base_version).forEach((r) => {
            updates.put(Object.assign({}, r, {
              payload: Object.assign({}, r.payload, { base_version: next }) }));
          });
        }
        counts.acknowledged += 1;
      } else {
        const current = await updates.get(item.id);
        if (!current || current.status !== 'pending') continue; // replaced meanwhile
        const conflict = result.status === 'conflict';
        updates.put(Object.assign({}, current, {
          status: conflict ? 'conflict' : 'rejected',
          current: conflict ? (result.current || null) : null,
          errors: conflict ? null : (result.errors || {}),
          message: conflict ? null : (result.message || null),
          attempts: (current.attempts || 0) + 1,
        }));
        if (conflict) remember(states, item.follow_up_id, result.current);
        counts.refused += 1;
      }
    }
    meta.put(states, 'followup_states');
    await tx.done;
    return counts;
  }

  /** "Toch mijn wijziging": send the worker's change again, on the server's current version. */
  async function keepMine(id) {
    const db = await open();
    const record = await db.get('followup_updates', id);
    if (!record || record.status !== 'conflict' || !record.current) return null;
    // A new id: this is a new decision, made after seeing the other change.
    const payload = Object.assign({}, record.payload, {
      id: global.crypto.randomUUID(), base_version: record.current.version,
      made_at: new Date().toISOString() });
    const tx = db.transaction('followup_updates', 'readwrite');
    tx.store.delete(id);
    tx.store.put(Object.assign({}, record, { id: payload.id, payload, status: 'pending',
      current: null, errors: null, message: null }, FRESH_START));
    await tx.done;
    return payload.id;
  }

  /** "Weggooien": drop the worker's change; the server's state (if known) is the phone's. */
  async function dropFollowUpUpdate(id) {
    const db = await open();
    const tx = db.transaction(['followup_updates', 'meta'], 'readwrite');
    const record = await tx.objectStore('followup_updates').get(id);
    if (record && record.status !== 'pending') {
      tx.objectStore('followup_updates').delete(id);
      const states = (await tx.objectStore('meta').get('followup_states')) || {};
      remember(states, record.follow_up_id, record.current);
      tx.objectStore('meta').put(states, 'followup_states');
    }
    await tx.done;
  }

  // ------------------------------------------------------------ records the server fails on
  // A record the server answers 500 (or another non-passing error) for, sent alone, is
  // parked by the sync engine: it goes to the back of its queue, so the records behind it
  // are sent first, and it gets a strike when the server was shown healthy in that drain.
  // Two strikes from two drains and it leaves the queue for the refused list, where the
  // worker sees it and corrects or resends it. Nothing is deleted here. The fields live on
  // the record itself (no index reads them): no IndexedDB schema change.
  const STRIKES_TO_REFUSE = 2;
  const FRESH_START = { strikes: 0, strike_drain: null, server_failed: false };

  /**
   * The server failed on record ID of STORE_NAME, sent alone, in drain DRAIN. STRIKE says
   * whether the server was shown healthy meanwhile. Returns 'refused' (now in the refused
   * list with MESSAGE), 'parked' (still waiting, at the back) or null (gone or changed).
   */
  async function serverFailed(storeName, id, { drain, strike, message }) {
    const db = await open();
    const tx = db.transaction(storeName, 'readwrite');
    const item = await tx.store.get(id);
    if (!item || item.status !== 'pending') {
      await tx.done;
      return null;
    }
    // At most one strike per drain, however often the drain meets the record.
    const counted = Boolean(strike) && item.strike_drain !== drain;
    const strikes = (item.strikes || 0) + (counted ? 1 : 0);
    const next = Object.assign({}, item, {
      strikes, strike_drain: counted ? drain : (item.strike_drain || null),
      server_failures: (item.server_failures || 0) + 1,
    });
    const refused = strikes >= STRIKES_TO_REFUSE;
    tx.store.put(refused ? Object.assign(next, {
      status: 'rejected', server_failed: true, errors: { _schema: [message] }, message,
      attempts: (item.attempts || 0) + 1,
    }) : Object.assign(next, { created_at: Date.now() }));
    await tx.done;
    return refused ? 'refused' : 'parked';
  }

  /** Queue a record the server failed on again, unchanged (the server may be fixed). */
  async function resendFailed(storeName, id) {
    const db = await open();
    const tx = db.transaction(storeName, 'readwrite');
    const item = await tx.store.get(id);
    if (item && item.status === 'rejected' && item.server_failed) {
      tx.store.put(Object.assign({}, item, { status: 'pending', errors: null, message: null,
        created_at: Date.now() }, FRESH_START));
    }
    await tx.done;
  }

  async function refusedItems() {
    const db = await open();
    const all = await db.getAll('outbox');
    return all.filter((item) => item.status !== 'pending')
      .sort((a, b) => a.created_at - b.created_at);
  }

  async function getItem(id) {
    return (await open()).get('outbox', id);
  }

  /** Replace a refused record's content after the worker corrected it, and queue it again. */
  async function resubmit(id, payload) {
    const db = await open();
    const item = await db.get('outbox', id);
    if (!item) throw new Error('Record niet gevonden');
    await db.put('outbox', Object.assign({}, item, summary(payload),
      { payload, status: 'pending', errors: null }, FRESH_START));
  }

  /** Remove a record the worker chose to throw away (only refused ones, after confirming). */
  async function discard(id) {
    const db = await open();
    const item = await db.get('outbox', id);
    if (item && item.status !== 'pending') await db.delete('outbox', id);
  }

  /**
   * This phone's own door records, street id -> [{door, label, outcome, recorded_at,
   * state: waiting | refused | sent, acked_at}]: acknowledged ones and those still on
   * the phone.
   */
  async function ownDoors() {
    const db = await open();
    // One transaction: a record moving from outbox to sent mid-sync is seen once.
    const tx = db.transaction(['outbox', 'sent']);
    const [waiting, sent] = await Promise.all([tx.objectStore('outbox').getAll(),
      tx.objectStore('sent').getAll()]);
    const byStreet = {};
    const add = (record, state) => {
      if (record.street_id == null || record.label == null) return;
      (byStreet[record.street_id] = byStreet[record.street_id] || []).push({
        door: record.door || null, label: record.label, outcome: record.outcome,
        recorded_at: record.recorded_at, state, acked_at: record.acked_at || null });
    };
    waiting.forEach((item) => add(item, item.status === 'pending' ? 'waiting' : 'refused'));
    sent.forEach((record) => add(record, 'sent'));
    return byStreet;
  }

  // ------------------------------------------------------------ follow-ups made at the door
  // Until the server has it and a bundle shows it, a follow-up made at the door lives in
  // its contact's payload: in the outbox while it waits (or was refused), then in meta
  // DOOR_FOLLOW_UPS ({follow-up id: {payload, acked_at}}) until a bundle fetched after
  // the acknowledgement has spoken for it (it lists it, or the follow-up is no longer
  // the worker's). No index reads it: no IndexedDB schema change.
  const DOOR_FOLLOW_UPS = 'door_follow_ups';

  /** Follow-ups made at the door that no bundle has shown yet: [{payload, state}]. */
  async function doorFollowUps() {
    const db = await open();
    const tx = db.transaction(['outbox', 'meta']);
    const [items, madeHere] = await Promise.all([tx.objectStore('outbox').getAll(),
      tx.objectStore('meta').get(DOOR_FOLLOW_UPS)]);
    const list = items.filter((item) => item.payload && item.payload.follow_up)
      .map((item) => ({ payload: item.payload,
        state: item.status === 'pending' ? 'waiting' : 'refused' }));
    Object.values(madeHere || {}).forEach((entry) => {
      list.push({ payload: entry.payload, state: 'sent' });
    });
    return list;
  }

  /** A bundle asked for at CHECKED_AT (phone clock) answered: forget what it speaks for. */
  async function settleDoorFollowUps(checkedAt) {
    const db = await open();
    const tx = db.transaction('meta', 'readwrite');
    const madeHere = (await tx.store.get(DOOR_FOLLOW_UPS)) || {};
    let changed = false;
    Object.entries(madeHere).forEach(([id, entry]) => {
      if (entry.acked_at <= checkedAt) {
        delete madeHere[id];
        changed = true;
      }
    });
    if (changed) tx.store.put(madeHere, DOOR_FOLLOW_UPS);
    await tx.done;
  }

  async function getBundle() {
    return (await open()).get('bundle', 'current');
  }

  async function putBundle(bundle) {
    return (await open()).put('bundle', bundle, 'current');
  }

  async function getMeta(key) {
    return (await open()).get('meta', key);
  }

  async function setMeta(key, value) {
    return (await open()).put('meta', value, key);
  }

  global.Buurtronde = global.Buurtronde || {};
  global.Buurtronde.store = {
    DB_NAME, DB_VERSION, open, addContacts, pending, applyResults, counts, refusedItems,
    getItem, resubmit, discard, ownDoors, doorFollowUps, settleDoorFollowUps, getBundle,
    putBundle, getMeta, setMeta,
    addFollowUpUpdate, pendingFollowUpUpdates, followUpUpdates, followUpStates,
    applyFollowUpResults, keepMine, dropFollowUpUpdate, serverFailed, resendFailed,
    STRIKES_TO_REFUSE,
  };
})(self);
