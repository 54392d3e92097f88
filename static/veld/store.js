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

  /** The oldest LIMIT items waiting to be sent. */
  async function pending(limit) {
    const db = await open();
    const range = IDBKeyRange.bound(['pending', -Infinity], ['pending', Infinity]);
    return db.getAllFromIndex('outbox', 'by_status_created', range, limit);
  }

  /**
   * Apply the server's answer for a batch: acknowledged items leave the outbox (and are
   * remembered in `sent`), refused ones stay with the server's reason.
   */
  async function applyResults(items, results) {
    const db = await open();
    const tx = db.transaction(['outbox', 'sent'], 'readwrite');
    const outbox = tx.objectStore('outbox');
    const sent = tx.objectStore('sent');
    const now = Date.now();
    const byId = new Map(items.map((item) => [item.id, item]));
    const counts = { acknowledged: 0, refused: 0 };
    results.forEach((result, index) => {
      const item = byId.get(result.id) || items[index];
      if (!item) return;
      if (result.status === 'created' || result.status === 'duplicate') {
        outbox.delete(item.id);
        sent.put(Object.assign({ id: item.id, acked_at: now, status: result.status },
          summary(item.payload)));
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

  /** Counts for the always-visible outbox badge. */
  async function counts() {
    const db = await open();
    const index = db.transaction('outbox').store.index('by_status_created');
    const count = (status) => index.count(IDBKeyRange.bound([status, -Infinity], [status, Infinity]));
    const [waiting, rejected, conflict] = await Promise.all(
      [count('pending'), count('rejected'), count('conflict')]);
    return { waiting, refused: rejected + conflict };
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
      { payload, status: 'pending', errors: null }));
  }

  /** Remove a record the worker chose to throw away (only refused ones, after confirming). */
  async function discard(id) {
    const db = await open();
    const item = await db.get('outbox', id);
    if (item && item.status !== 'pending') await db.delete('outbox', id);
  }

  /** Doors logged on a street: acknowledged ones plus those still waiting. */
  async function doorsForStreet(streetId) {
    const db = await open();
    const [sent, waiting] = await Promise.all([
      db.getAllFromIndex('sent', 'by_street', streetId),
      db.getAllFromIndex('outbox', 'by_street', streetId),
    ]);
    return waiting.map((i) => Object.assign({ waiting: true }, i)).concat(sent)
      .sort((a, b) => String(b.recorded_at).localeCompare(String(a.recorded_at)));
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
    getItem, resubmit, discard, doorsForStreet, getBundle, putBundle, getMeta, setMeta,
  };
})(self);
