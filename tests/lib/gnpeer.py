#!/usr/bin/python3
"""gnpeer.py - scripted peers and pcap checks for the integration tests.

Speaks the socket/stream framing of QEMU's -netdev socket|stream (a 4-byte
big-endian length, then the raw Ethernet frame) over TCP to 127.0.0.1:PORT.

  arp    --port P --mac M --sip S --tip T [--split] [--timeout S]
         send an ARP request who-has T tell S from MAC M (with --split: its
         length header in 1-byte writes) until an ARP reply from T to M
         comes back; exit 0 on a reply, 1 on timeout.
  listen --port P --mac M --time S [--send]
         read frames for S seconds (with --send: also send a broadcast
         frame from M every 0.5 s) and print "src MAC COUNT" per source
         and "unicast MAC COUNT" for its frames to a unicast address.
  hostile KIND --port P
         garbage | len0 | len69633 | lenmax | vanish | vanish-rst | big |
         churn [--peers N --rounds R]; prints what happened; exit 1 if a
         bad length header (garbage, len69633, lenmax) did not get the
         connection closed within 3 s, or if a valid maximum-size frame
         (big, 69632 bytes) did.
  pcap   FILE
         print "frames N", then "src MAC COUNT", "dups MAC COUNT"
         (identical frames seen more than once) and "ipdups MAC COUNT"
         (the same for IPv4 frames only) per source MAC.
"""

import argparse
import collections
import os
import socket
import struct
import sys
import time

FRAME_MAX = 69632
ETH_P_ARP = 0x0806
ETH_P_EXP = 0x88B5  # IEEE local experimental ethertype


def mac_bytes(mac):
    return bytes(int(x, 16) for x in mac.split(":"))


def mac_str(b):
    return ":".join("%02x" % x for x in b)


def frame(dst, src, etype, payload):
    f = dst + src + struct.pack("!H", etype) + payload
    return f + b"\0" * max(0, 60 - len(f))


def framed(f):
    return struct.pack("!I", len(f)) + f


def arp_request(mac, sip, tip):
    m = mac_bytes(mac)
    body = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + m + \
        socket.inet_aton(sip) + b"\0" * 6 + socket.inet_aton(tip)
    return frame(b"\xff" * 6, m, ETH_P_ARP, body)


def connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


class Reader:
    """Reassemble length-prefixed frames from a stream socket."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""
        self.eof = False

    def frames(self, timeout):
        """Yield frames until timeout seconds pass or the peer closes."""
        end = time.monotonic() + timeout
        while not self.eof:
            while len(self.buf) >= 4:
                n = struct.unpack("!I", self.buf[:4])[0]
                if len(self.buf) < 4 + n:
                    break
                f, self.buf = self.buf[4:4 + n], self.buf[4 + n:]
                yield f
            left = end - time.monotonic()
            if left <= 0:
                return
            self.sock.settimeout(left)
            try:
                d = self.sock.recv(262144)
            except socket.timeout:
                return
            except ConnectionResetError:
                d = b""
            if not d:
                self.eof = True
                return
            self.buf += d


def cmd_arp(a):
    s = connect(a.port)
    req = arp_request(a.mac, a.sip, a.tip)
    me = mac_bytes(a.mac)
    tip = socket.inet_aton(a.tip)
    r = Reader(s)
    end = time.monotonic() + a.timeout
    while time.monotonic() < end:
        if a.split:
            hdr = struct.pack("!I", len(req))
            for i in range(4):
                s.sendall(hdr[i:i + 1])
                time.sleep(0.05)
            s.sendall(req)
        else:
            s.sendall(framed(req))
        for f in r.frames(1.0):
            if len(f) >= 42 and f[12:14] == b"\x08\x06" and \
                    f[20:22] == b"\x00\x02" and f[28:32] == tip and \
                    f[32:38] == me:
                print("arp-reply from %s (%s)" % (a.tip, mac_str(f[22:28])))
                return 0
        if r.eof:
            print("connection closed by the emulator")
            return 1
    print("no arp reply from %s within %ss" % (a.tip, a.timeout))
    return 1


def cmd_listen(a):
    s = connect(a.port)
    me = mac_bytes(a.mac)
    probe = frame(b"\xff" * 6, me, ETH_P_EXP, b"gn-probe " + me)
    r = Reader(s)
    seen = collections.Counter()
    uni = collections.Counter()
    end = time.monotonic() + a.time
    while time.monotonic() < end and not r.eof:
        if a.send:
            s.sendall(framed(probe))
        for f in r.frames(min(0.5, max(0.0, end - time.monotonic()))):
            seen[mac_str(f[6:12])] += 1
            if not f[0] & 1:
                uni[mac_str(f[6:12])] += 1
    for m, n in sorted(seen.items()):
        print("src %s %d" % (m, n))
    for m, n in sorted(uni.items()):
        print("unicast %s %d" % (m, n))
    if r.eof:
        print("eof")
    return 0


def wait_closed(s, secs):
    """Return True if the peer closes s within secs (data is discarded)."""
    r = Reader(s)
    for _ in r.frames(secs):
        pass
    return r.eof


def hostile_once(kind, port):
    s = connect(port)
    if kind == "garbage":
        # 0xdeadbeef as a length, then junk: must close this connection.
        s.sendall(b"\xde\xad\xbe\xef" + os.urandom(256))
        return wait_closed(s, 3), True
    if kind == "len0":
        s.sendall(struct.pack("!I", 0))
        closed = wait_closed(s, 1)
        s.close()
        return closed, None
    if kind == "len69633":
        s.sendall(struct.pack("!I", FRAME_MAX + 1) + b"\0" * 1024)
        return wait_closed(s, 3), True
    if kind == "lenmax":
        s.sendall(struct.pack("!I", 0xFFFFFFFF) + b"\0" * 1024)
        return wait_closed(s, 3), True
    if kind == "big":
        f = frame(b"\xff" * 6, b"\x02\x00\x00\x00\xbb\x01", ETH_P_EXP,
                  b"\0" * (FRAME_MAX - 14))
        s.sendall(framed(f))
        return wait_closed(s, 1.5), False
    if kind in ("vanish", "vanish-rst"):
        s.sendall(struct.pack("!I", 1000) + b"\x55" * 500)
        time.sleep(0.2)
        if kind == "vanish-rst":
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                         struct.pack("ii", 1, 0))
        s.close()
        return None, None
    raise SystemExit("unknown hostile kind " + kind)


def cmd_hostile(a):
    if a.kind == "churn":
        for rnd in range(a.rounds):
            socks = []
            for i in range(a.peers):
                s = connect(a.port)
                src = bytes([0x02, 0, 0, 0xcc, rnd & 0xff, i & 0xff])
                s.sendall(framed(frame(b"\xff" * 6, src, ETH_P_EXP,
                                       b"gn-churn")))
                socks.append(s)
            time.sleep(0.1)
            for s in socks:
                s.close()
            time.sleep(0.1)
        print("churn: %d rounds of %d peers" % (a.rounds, a.peers))
        return 0
    closed, want = hostile_once(a.kind, a.port)
    print("%s: connection %s" % (a.kind, {True: "closed by the emulator",
                                          False: "kept open",
                                          None: "closed by us"}[closed]))
    if want is not None and closed != want:
        print("%s: expected the connection %s" %
              (a.kind, "closed" if want else "kept open"))
        return 1
    return 0


def read_pcap(path):
    with open(path, "rb") as fh:
        data = fh.read()
    if len(data) < 24:
        raise SystemExit("%s: not a pcap file" % path)
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        end = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        end = ">"
    else:
        raise SystemExit("%s: bad pcap magic" % path)
    off = 24
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack(end + "IIII", data[off:off + 16])
        off += 16
        yield data[off:off + incl]
        off += incl


def cmd_pcap(a):
    seen = collections.Counter()
    frames = collections.Counter()
    n = 0
    for f in read_pcap(a.file):
        n += 1
        seen[mac_str(f[6:12])] += 1
        frames[f] += 1
    dups = collections.Counter()
    ipdups = collections.Counter()
    for f, c in frames.items():
        if c > 1:
            dups[mac_str(f[6:12])] += c - 1
            # IPv4 frames carry an IP id and ping timestamps, so a repeat
            # is the same frame heard twice, not a retransmission.
            if f[12:14] == b"\x08\x00":
                ipdups[mac_str(f[6:12])] += c - 1
    print("frames %d" % n)
    for m, c in sorted(seen.items()):
        print("src %s %d" % (m, c))
    for m, c in sorted(dups.items()):
        print("dups %s %d" % (m, c))
    for m, c in sorted(ipdups.items()):
        print("ipdups %s %d" % (m, c))
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    q = sub.add_parser("arp")
    q.add_argument("--port", type=int, required=True)
    q.add_argument("--mac", required=True)
    q.add_argument("--sip", required=True)
    q.add_argument("--tip", required=True)
    q.add_argument("--split", action="store_true")
    q.add_argument("--timeout", type=float, default=10)
    q = sub.add_parser("listen")
    q.add_argument("--port", type=int, required=True)
    q.add_argument("--mac", required=True)
    q.add_argument("--time", type=float, default=3)
    q.add_argument("--send", action="store_true")
    q = sub.add_parser("hostile")
    q.add_argument("kind")
    q.add_argument("--port", type=int, required=True)
    q.add_argument("--peers", type=int, default=64)
    q.add_argument("--rounds", type=int, default=5)
    q = sub.add_parser("pcap")
    q.add_argument("file")
    a = p.parse_args()
    return {"arp": cmd_arp, "listen": cmd_listen, "hostile": cmd_hostile,
            "pcap": cmd_pcap}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
