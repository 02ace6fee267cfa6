#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""vdeclient.py - a VDE client speaking vde_switch's control protocol by
hand, well or badly, for the VDE tests.

It talks to any switch directory DIR (a real vde_switch or guestnet-emu's
vdeswitch): it connects a stream socket to DIR/ctl, sends one version 3
request (magic 0xfeedface, version 3, type with the port in bits 8+, the
struct sockaddr_un of its own datagram socket, a description), and prints
what the switch did, one line:

  reply PATH      the switch answered with its per-port socket PATH
  eof             the switch closed the control connection (refused)
  timeout         no answer within --wait seconds
  refused ERRNO   connect() to DIR/ctl failed (e.g. EACCES: not allowed)

Kinds (--kind):
  good          a correct request; with --frames N, then sends N frames
                on the data socket and reads --expect frames back
  bad-magic     magic 0xdeadbeef
  version2      version 2
  truncated     the first 60 bytes of a correct request, then waits
  foreign       names --path (someone else's socket) as its data socket
  vanish        sends a correct request and closes at once (prints
                "vanished")
  loop          --count correct connect/request/reply/close cycles; prints
                "loop OK/N" (OK = cycles answered)
"""

import argparse
import errno
import os
import socket
import struct
import sys
import time

MAGIC = 0xFEEDFACE
SUN_PATH = 108


def sockaddr_un(path):
    """struct sockaddr_un as libvdeplug sends it: family, path, zeros"""
    raw = path.encode()
    if len(raw) >= SUN_PATH:
        raise SystemExit(f"vdeclient: path too long: {path}")
    return struct.pack("=H", socket.AF_UNIX) + raw.ljust(SUN_PATH, b"\0")


def request(path, magic=MAGIC, version=3, port=0, descr="vdeclient"):
    """A version 3 request: 122 bytes, then the description (no NUL)"""
    return (struct.pack("=III", magic, version, port << 8) +
            sockaddr_un(path) + descr.encode())


def data_socket(swdir, sockdir, tag):
    """Our own datagram socket, bound in sockdir, with libvdeplug's modes:
    0700, or if the switch is someone else's (not root), its group with
    0770 when we can chown to it, else 0777"""
    path = os.path.join(os.path.abspath(sockdir),
                        f".vdeclient-{os.getpid()}-{tag}")
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    mode = 0o700
    try:
        st = os.stat(os.path.join(swdir, "ctl"))
    except OSError:
        st = None
    if st and st.st_uid not in (0, os.geteuid()):
        try:
            os.chown(path, -1, st.st_gid)
            mode |= 0o070
        except OSError:
            mode |= 0o077
    os.chmod(path, mode)
    return s, path


def connect_ctl(swdir):
    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        c.connect(os.path.join(swdir, "ctl"))
    except OSError as e:
        print(f"refused {errno.errorcode.get(e.errno, e.errno)}", flush=True)
        sys.exit(0)
    return c


def await_reply(c, wait):
    """'reply PATH', 'eof' or 'timeout' for what the switch sent back"""
    c.settimeout(wait)
    buf = b""
    try:
        while len(buf) < 110:
            chunk = c.recv(110 - len(buf))
            if not chunk:
                return "eof", None
            buf += chunk
    except socket.timeout:
        return "timeout", None
    except ConnectionResetError:
        return "eof", None
    (family,) = struct.unpack("=H", buf[:2])
    path = buf[2:].split(b"\0", 1)[0].decode(errors="replace")
    if family != socket.AF_UNIX:
        return f"bad-reply family={family}", None
    return f"reply {path}", path


def frame(i, src):
    """A broadcast frame with our source MAC and a sequence number"""
    return b"\xff" * 6 + src + b"\x88\xb5" + struct.pack("!I", i) + b"\0" * 42


def exchange(data, swpath, count, expect, wait):
    """Send count frames to the switch; print how many came back"""
    data.connect(swpath)
    src = bytes([0x02, 0, 0, 0, (os.getpid() >> 8) & 0xFF, os.getpid() & 0xFF])
    for i in range(count):
        data.send(frame(i, src))
    got = 0
    data.settimeout(wait)
    try:
        while got < expect:
            data.recv(65536)
            got += 1
    except socket.timeout:
        pass
    print(f"frames sent={count} received={got}", flush=True)


def one(args, kind):
    data, path = data_socket(args.dir, args.sockdir, "0")
    c = connect_ctl(args.dir)
    if kind == "good":
        c.send(request(path, port=args.port))
    elif kind == "bad-magic":
        c.send(request(path, magic=0xDEADBEEF))
    elif kind == "version2":
        c.send(request(path, version=2))
    elif kind == "truncated":
        c.send(request(path)[:60])
    elif kind == "foreign":
        c.send(request(args.path))
    elif kind == "vanish":
        c.send(request(path))
        c.close()
        data.close()
        os.unlink(path)
        print("vanished", flush=True)
        return
    what, swpath = await_reply(c, args.wait)
    print(what, flush=True)
    if swpath and args.frames:
        exchange(data, swpath, args.frames, args.expect, args.wait)
    if args.hold:
        time.sleep(args.hold)
    c.close()
    os.unlink(path)


def loop(args):
    ok = 0
    other = {}
    for i in range(args.count):
        data, path = data_socket(args.dir, args.sockdir, str(i))
        c = connect_ctl(args.dir)
        c.send(request(path, descr=f"vdeclient loop {i}"))
        what, _ = await_reply(c, args.wait)
        if what.startswith("reply "):
            ok += 1
        else:
            other[what] = other.get(what, 0) + 1
        c.close()
        data.close()
        os.unlink(path)
    rest = "".join(f" {k}={v}" for k, v in sorted(other.items()))
    print(f"loop {ok}/{args.count}{rest}", flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dir", required=True, help="switch directory")
    p.add_argument("--kind", required=True,
                   choices=["good", "bad-magic", "version2", "truncated",
                            "foreign", "vanish", "loop"])
    p.add_argument("--sockdir", default=None,
                   help="where our data socket goes (default: --dir)")
    p.add_argument("--path", help="the foreign socket (--kind foreign)")
    p.add_argument("--port", type=int, default=0, help="port to ask for")
    p.add_argument("--count", type=int, default=64, help="loop cycles")
    p.add_argument("--frames", type=int, default=0, help="frames to send")
    p.add_argument("--expect", type=int, default=0, help="frames to await")
    p.add_argument("--wait", type=float, default=3.0, help="seconds")
    p.add_argument("--hold", type=float, default=0.0,
                   help="seconds to keep the port before closing")
    args = p.parse_args()
    args.sockdir = args.sockdir or args.dir
    if args.kind == "foreign" and not args.path:
        p.error("--kind foreign needs --path")
    if args.kind == "loop":
        loop(args)
    else:
        one(args, args.kind)


if __name__ == "__main__":
    main()
