// Preloaded into a Node program under test (NODE_OPTIONS=--require): every TCP connection or
// DNS lookup for a host other than this machine's loopback is refused, and written, one line
// each, to the file $QUIRE_NETWORK_LOG, for the test to read. Unix sockets are let through.

const dns = require('node:dns');
const fs = require('node:fs');
const net = require('node:net');

const log = process.env.QUIRE_NETWORK_LOG;
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|::ffff:127(\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0|::)$/i;

function refused(what) {
  if (log) fs.appendFileSync(log, `${what} (pid ${process.pid})\n`);
  const err = new Error(`refused by the test: ${what}`);
  err.code = 'ENETUNREACH';
  return err;
}

/** The host of `Socket#connect`'s arguments (null for a Unix socket). */
function hostOf(args) {
  let first = args[0];
  if (Array.isArray(first)) first = first[0]; // net.connect's normalized arguments
  if (first && typeof first === 'object') return first.path ? null : String(first.host ?? 'localhost');
  if (typeof first === 'string' && Number.isNaN(Number(first))) return null; // a path
  return typeof args[1] === 'string' ? args[1] : 'localhost';
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const host = hostOf(args);
  if (host !== null && !LOOPBACK.test(host)) {
    const err = refused(`connect to ${host}`);
    process.nextTick(() => this.destroy(err));
    return this;
  }
  return connect.apply(this, args);
};

const lookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, ...rest) {
  if (!LOOPBACK.test(String(hostname))) {
    const callback = rest[rest.length - 1];
    const err = refused(`DNS lookup of ${hostname}`);
    if (typeof callback === 'function') process.nextTick(() => callback(err));
    return {};
  }
  return lookup.call(this, hostname, ...rest);
};
const promisesLookup = dns.promises.lookup;
dns.promises.lookup = async function guardedPromisesLookup(hostname, ...rest) {
  if (!LOOPBACK.test(String(hostname))) throw refused(`DNS lookup of ${hostname}`);
  return promisesLookup.call(this, hostname, ...rest);
};
