#!/bin/bash
# control.sh - guestnet-emu's control socket (-control PATH) over a real
# socket, in a test namespace, everything running as nobody.
#
# The socket file: a stale one is replaced, a regular file refused, mode
# 0600, removed at exit.  A python client then checks every command and
# every error path: several requests per connection (in one write, and a
# line split over many writes), two connections at once, malformed JSON,
# a non-object, missing/unknown members, unknown commands, wrong, missing
# and unexpected arguments, a 70 KiB line (one error, the connection goes
# on), a last line without newline before end of input, the 64-client
# limit, a client that never reads its replies (disconnected, the others
# unaffected), netdev-add of a socket listener then a TCP peer connecting
# to it and sending a frame (seen in query-ports), netdev-del (the peer
# is disconnected), the hostfwd commands' errors, and quit (exit 0).
# Finally guestnet-ctl, the command-line client, against a second
# emulator.
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"

PORT_BASE=8020
PORT_ADD=8021
PORT_CTL=8022

# quit_done NAME - emulator NAME was told to quit: it must exit 0 within
# 5 s with no sanitizer report; then gn_pass no longer expects it running
quit_done() {
	gn_reap "$1" 5 quit
	gn_forget_emu "$1"
}

gn_init control

SOCK=$GN_DIR/ctl.sock

# client.py: the checks, run as nobody; prints one line per check
cat >"$GN_DIR/client.py" <<'PY'
import json, os, socket, struct, sys, time

path, port_base, port_add = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])


def fail(msg):
    print("FAIL:", msg, flush=True)
    sys.exit(1)


def ok(msg):
    print("ok:", msg, flush=True)


class Conn:
    def __init__(self):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.connect(path)  # blocking: waits for room in the backlog
        self.s.settimeout(10)
        self.buf = b""

    def send(self, data):
        self.s.sendall(data if isinstance(data, bytes) else data.encode())

    def line(self):
        while b"\n" not in self.buf:
            d = self.s.recv(65536)
            if not d:
                fail("connection closed while waiting for a reply (have %r)" % self.buf[:200])
            self.buf += d
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line.decode("utf-8"))

    def req(self, execute=None, raw=None, **args):
        if raw is None:
            r = {"execute": execute}
            if args:
                r["arguments"] = args
            raw = json.dumps(r)
        self.send(raw + "\n")
        return self.line()

    def close(self):
        self.s.close()


def expect_return(r, what):
    if "return" not in r or "error" in r:
        fail("%s: expected a return, got %r" % (what, r))
    return r["return"]


def expect_error(r, desc_part, what, cls="GenericError"):
    e = r.get("error")
    if not e or "return" in r:
        fail("%s: expected an error, got %r" % (what, r))
    if e.get("class") != cls or desc_part not in e.get("desc", ""):
        fail("%s: expected %s '...%s...', got %r" % (what, cls, desc_part, e))
    ok("%s -> %s: %s" % (what, e["class"], e["desc"]))


def ports(c):
    return {p["id"]: p for p in expect_return(c.req("query-ports"), "query-ports")}


a = Conn()
b = Conn()

# --- several requests in one write, replies in order, ids echoed
a.send('{"execute":"query-hubs","id":1}\n{"execute":"query-ports","id":"two"}\n'
       '{"execute":"query-hubs","id":{"n":[3]}}\n')
r1, r2, r3 = a.line(), a.line(), a.line()
if (r1.get("id"), r2.get("id"), r3.get("id")) != (1, "two", {"n": [3]}):
    fail("ids not echoed in order: %r %r %r" % (r1, r2, r3))
hubs = expect_return(r1, "query-hubs")
if hubs != [{"id": 0, "mode": "hub", "ports": ["base"]}]:
    fail("query-hubs: %r" % hubs)
base = [p for p in expect_return(r2, "query-ports") if p["id"] == "base"]
if not base or base[0]["type"] != "stream-listener" or base[0]["hub"] != 0 \
        or set(base[0]["drops"]) < {"queue-full", "runt"} or base[0]["rx-frames"] != 0:
    fail("query-ports: %r" % r2)
ok("three requests in one write, replies in order with their ids")

# --- a line split over many writes; two connections interleaved
for ch in '{"execute":"query-hubs","id":"split"}\n':
    a.send(ch)
if a.line().get("id") != "split":
    fail("split line")
b.send('{"execute":"query-hubs","id":"b1"}\n')
a.send('{"execute":"query-hubs","id":"a1"}\n')
if b.line().get("id") != "b1" or a.line().get("id") != "a1":
    fail("interleaved connections")
ok("a line in 1-byte writes; two connections at once")

# --- error paths; each one reply, the connection goes on
expect_error(a.req(raw='{"execute":'), "JSON parse error", "truncated JSON")
expect_error(a.req(raw="{'execute':'quit'}"), "JSON parse error", "single quotes")
expect_error(a.req(raw='{"execute":"quit",}'), "JSON parse error", "trailing comma")
expect_error(a.req(raw='\x01garbage'), "JSON parse error", "garbage")
expect_error(a.req(raw='"\\ud800"'), "invalid Unicode", "lone surrogate")
expect_error(a.req(raw="[1,2]"), "must be a JSON object", "non-object")
expect_error(a.req(raw='{"id":5}'), "lacks member 'execute'", "missing execute")
expect_error(a.req(raw='{"execute":5}'), "'execute' must be a string", "execute not a string")
expect_error(a.req(raw='{"execute":"query-hubs","arguments":1}'),
             "'arguments' must be an object", "arguments not an object")
expect_error(a.req(raw='{"execute":"query-hubs","extra":1}'),
             "member 'extra' is unexpected", "unknown request member")
expect_error(a.req("no-such-command"), "has not been found", "unknown command",
             cls="CommandNotFound")
expect_error(a.req("netdev-del", id=5), "Invalid parameter type for 'id'", "wrong argument type")
expect_error(a.req("netdev-del"), "Parameter 'id' is missing", "missing argument")
expect_error(a.req("query-hubs", colour="red"), "Parameter 'colour' is unexpected",
             "unknown argument")
expect_error(a.req("netdev-del", id="nope"), "netdev 'nope' not found", "netdev-del unknown")
expect_error(a.req("netdev-add", type="warp", id="w"), "unknown port type 'warp'",
             "netdev-add bad type")
expect_error(a.req("netdev-add", type="socket", id="w", listen="bogus"), "key 'listen'",
             "netdev-add bad value")
expect_error(a.req("netdev-add", type="socket", id="w", fd=3), "not accepted",
             "netdev-add fd=")
r = a.req(raw='{"execute":"netdev-del","arguments":{"id":"nope"},"id":"e"}')
if r.get("id") != "e":
    fail("error reply without the request's id: %r" % r)
a.send("\n   \n")  # blank lines are ignored
expect_return(a.req("query-hubs"), "after errors")
ok("the connection still works after every error")

# --- hostfwd commands on ports that are not user ports
expect_error(a.req("hostfwd-add", netdev="base", rule="tcp:127.0.0.1:2222-:22"),
             "netdev 'base' is not a user port", "hostfwd-add on a socket port")
expect_error(a.req("hostfwd-remove", netdev="base", rule="tcp:127.0.0.1:2222"),
             "netdev 'base' is not a user port", "hostfwd-remove on a socket port")
expect_error(a.req("hostfwd-list", netdev="base"), "netdev 'base' is not a user port",
             "hostfwd-list on a socket port")
expect_error(a.req("hostfwd-add", netdev="x", rule="tcp::1-:2"), "netdev 'x' not found",
             "hostfwd-add unknown netdev")
expect_error(a.req("hostfwd-list", netdev="x"), "netdev 'x' not found", "hostfwd-list unknown")
expect_error(a.req("hostfwd-remove", netdev="x", rule="tcp::1"), "netdev 'x' not found",
             "hostfwd-remove unknown")
expect_error(a.req("hostfwd-add", netdev="base"), "Parameter 'rule' is missing",
             "hostfwd-add without rule")

# --- a 70 KiB line: one error, rest of the line discarded, then it goes on
big = '{"execute":"query-hubs","id":"' + "x" * (70 * 1024) + '"}\n'
a.send(big[:30000])
a.send(big[30000:] + '{"execute":"query-hubs","id":"after-big"}\n')
expect_error(a.line(), "longer than 65536", "70 KiB line")
r = a.line()
if r.get("id") != "after-big":
    fail("after the long line: %r" % r)
# a line of exactly 65536 bytes is fine
pad = 65536 - len('{"execute":"query-hubs","id":""}')
r = a.req(raw='{"execute":"query-hubs","id":"' + "y" * pad + '"}')
if "return" not in r or len(r["id"]) != pad:
    fail("a 65536-byte line was refused: %r" % str(r)[:200])
ok("70 KiB line: one error, the next request answered; 64 KiB line accepted")

# --- netdev-add of a socket listener, a TCP peer, a frame, netdev-del
expect_return(a.req("netdev-add", type="socket", id="l", listen="127.0.0.1:%d" % port_add,
                    hub=1), "netdev-add")
expect_error(a.req("netdev-add", type="socket", id="l", listen="127.0.0.1:%d" % port_add),
             "exists already", "netdev-add duplicate id")
peer = socket.create_connection(("127.0.0.1", port_add), timeout=10)
frame = b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x42" + b"\x88\xb5" + b"hello".ljust(46, b"\0")
peer.sendall(struct.pack(">I", len(frame)) + frame)
deadline = time.time() + 5
while True:
    p = ports(a)
    kids = [v for k, v in p.items() if k.startswith("l.")]
    if kids and kids[0]["rx-frames"] == 1 and kids[0]["rx-bytes"] == len(frame):
        break
    if time.time() > deadline:
        fail("the peer's frame not counted: %r" % p)
    time.sleep(0.05)
if p["l"]["hub"] != 1 or kids[0]["hub"] != 1 or not kids[0]["forwards"] or p["l"]["forwards"]:
    fail("listener/peer ports: %r" % p)
hub1 = [h for h in expect_return(a.req("query-hubs"), "query-hubs") if h["id"] == 1]
if not hub1 or sorted(hub1[0]["ports"]) != sorted(["l", kids[0]["id"]]):
    fail("hub 1: %r" % hub1)
ok("netdev-add listener; peer %s seen with its frame (rx-frames 1, %d bytes)"
   % (kids[0]["id"], len(frame)))
expect_return(a.req("netdev-del", id="l"), "netdev-del")
peer.settimeout(5)
try:
    if peer.recv(100) != b"":
        fail("the peer got data after netdev-del")
except ConnectionResetError:
    pass
p = ports(a)
if any(k == "l" or k.startswith("l.") for k in p):
    fail("ports left after netdev-del: %r" % list(p))
try:
    socket.create_connection(("127.0.0.1", port_add), timeout=2).close()
    fail("the listener still accepts after netdev-del")
except ConnectionRefusedError:
    pass
ok("netdev-del closed the listener and its peer")

# --- end of input after a last line without newline: answered, then closed
d = Conn()
d.send('{"execute":"query-hubs","id":"eof"}')
d.s.shutdown(socket.SHUT_WR)
if d.line().get("id") != "eof" or d.s.recv(10) != b"":
    fail("last line without newline")
d.close()
ok("a last line without newline is answered before the close")

# --- at most 64 clients
extra = [Conn() for _ in range(62)]  # with a and b: 64
for c in extra[:3]:
    expect_return(c.req("query-hubs"), "client within the limit")
over = Conn()
expect_error(over.line(), "too many control connections", "65th client")
if over.s.recv(10) != b"":
    fail("the 65th client was not closed")
over.close()
for c in extra:
    c.close()
time.sleep(0.2)
over = Conn()
expect_return(over.req("query-hubs"), "a client after others left")
over.close()
ok("65th client refused; room again once others left")

# --- a client that never reads is disconnected; the others go on
lazy = Conn()
lazy.s.settimeout(0.5)
req = b'{"execute":"query-ports"}\n' * 200
sent, t0, cut = 0, time.time(), False
while time.time() - t0 < 20:
    try:
        sent += lazy.s.send(req)
    except socket.timeout:
        pass
    except (BrokenPipeError, ConnectionResetError):
        cut = True
        break
    expect_return(b.req("query-hubs"), "another client meanwhile")
if not cut:
    fail("a client that never reads was not disconnected (%d bytes sent)" % sent)
lazy.close()
ok("a client that never reads was disconnected after %d KiB of requests" % (sent // 1024))

# --- quit: the reply, then the emulator exits
r = b.req(raw='{"execute":"quit","id":"bye"}')
if r != {"return": {}, "id": "bye"}:
    fail("quit: %r" % r)
a.s.settimeout(5)
if a.s.recv(10) != b"":
    fail("other connection not closed at exit")
ok("quit answered; connections closed")
PY
chmod 0644 "$GN_DIR/client.py"

# A regular file where the socket should go is refused, and left alone.
echo keep >"$GN_DIR/file"
chown "$GN_USER:$GN_GROUP" "$GN_DIR/file"
if out=$(gn_run "$GUESTNET_EMU" -control "$GN_DIR/file" 2>&1); then
	gn_fail "-control on a regular file was accepted"
fi
echo "$out" | grep -q -- "-control $GN_DIR/file: the file exists and is not a socket" ||
	gn_fail "-control on a regular file: unexpected message: $out"
[ "$(cat "$GN_DIR/file")" = keep ] || gn_fail "the regular file was changed"
gn_log "regular file refused: $out"

# A stale socket file (nobody listening) is replaced.
gn_run "$GN_PY" -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$SOCK"
[ -S "$SOCK" ] || gn_fail "could not make a stale socket"

gn_emu emu -control "$SOCK" -netdev "socket,id=base,listen=127.0.0.1:$PORT_BASE"
gn_wait_listen tcp "$PORT_BASE" 10 "$GN_LAST_PID"
[ -S "$SOCK" ] || gn_fail "no control socket"
[ "$(stat -c %a "$SOCK")" = 600 ] || gn_fail "control socket mode $(stat -c %a "$SOCK"), not 600"
[ "$(stat -c %U "$SOCK")" = "$GN_USER" ] || gn_fail "control socket not owned by $GN_USER"
gn_log "stale socket replaced; mode 600"

# A second emulator on the same (live) socket is refused.
if out=$(gn_run "$GUESTNET_EMU" -control "$SOCK" 2>&1); then
	gn_fail "a second emulator took over a live control socket"
fi
echo "$out" | grep -q "a process is listening on it already" ||
	gn_fail "live socket: unexpected message: $out"

gn_run "$GN_PY" "$GN_DIR/client.py" "$SOCK" "$PORT_BASE" "$PORT_ADD" \
	>"$GN_DIR/client.log" 2>&1 || gn_fail "client: $(tail -n 5 "$GN_DIR/client.log")"
sed 's/^/  /' "$GN_DIR/client.log" >&2

quit_done emu
[ -e "$SOCK" ] && gn_fail "the control socket was not removed at exit"
grep -q "does not read its replies" "$GN_DIR/emu.log" ||
	gn_fail "no log line about the client that does not read"
gn_log "quit: exit status 0, socket removed"

# guestnet-ctl, the command-line client
gn_emu emu2 -control ctl2.sock -hub 2,mode=switch
gn_wait_path "$GN_DIR/ctl2.sock" 10 "$GN_LAST_PID"
out=$(gn_ctl ctl2.sock netdev-add type=socket id=x \
	listen=127.0.0.1:$PORT_CTL hub=2) || gn_fail "guestnet-ctl netdev-add: $out"
gn_wait_listen tcp "$PORT_CTL" 5 "$(gn_pid emu2)"
out=$(gn_ctl ctl2.sock query-hubs) || gn_fail "guestnet-ctl query-hubs: $out"
echo "$out" | grep -q '"mode": "switch"' || gn_fail "guestnet-ctl query-hubs: $out"
out=$(gn_ctl --raw ctl2.sock query-ports id=x) || gn_fail "query-ports: $out"
if [ "$(echo "$out" | wc -l)" != 1 ] || ! echo "$out" | grep -q '"id":"x"'; then
	gn_fail "guestnet-ctl --raw query-ports: $out"
fi
if out=$(gn_ctl ctl2.sock netdev-del id=nope); then
	gn_fail "guestnet-ctl: an error reply exited 0"
fi
echo "$out" | grep -q "netdev 'nope' not found" || gn_fail "guestnet-ctl error: $out"
rc=0
gn_ctl ctl2.sock >/dev/null 2>&1 || rc=$?
[ $rc = 2 ] || gn_fail "guestnet-ctl without a command: exit $rc, not 2"
out=$(gn_ctl ctl2.sock quit) || gn_fail "guestnet-ctl quit: $out"
quit_done emu2
[ -e "$GN_DIR/ctl2.sock" ] && gn_fail "relative control socket path not removed"
gn_log "guestnet-ctl: netdev-add, query-hubs, --raw, error exit 1, usage exit 2, quit"
gn_pass
