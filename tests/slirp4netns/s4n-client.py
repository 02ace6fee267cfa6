#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""s4n-client.py - a client of slirp4netns' API socket, well-behaved or not.

Usage: s4n-client.py SOCKET [options] [REQUEST]

Sends REQUEST (or the bytes an option makes), shuts down its writing side
(unless --no-shutdown), reads the reply until the server closes and prints
it on stdout. Exit status 0 when a reply came, 1 when none did, 2 on a
connection error.

  --no-shutdown   keep the writing side open (wait for the reply anyway)
  --zeros N       send N zero bytes instead of REQUEST (a flood)
  --split         send REQUEST in two writes 0.3 s apart
  --vanish        send REQUEST and close at once, reading nothing
  --silent S      connect, send nothing, hold the connection S seconds
  --read-once     one recv() of 2048 bytes, as Podman reads
  --timeout S     give up waiting for the reply after S seconds (default 5)
"""
import argparse
import socket
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("socket")
    ap.add_argument("request", nargs="?", default="")
    ap.add_argument("--no-shutdown", action="store_true")
    ap.add_argument("--zeros", type=int)
    ap.add_argument("--split", action="store_true")
    ap.add_argument("--vanish", action="store_true")
    ap.add_argument("--silent", type=float)
    ap.add_argument("--read-once", action="store_true")
    ap.add_argument("--timeout", type=float, default=5.0)
    a = ap.parse_intermixed_args()

    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(a.timeout)
    try:
        s.connect(a.socket)
    except OSError as e:
        print("<connect: %s>" % e)
        return 2
    if a.silent is not None:
        time.sleep(a.silent)
        s.close()
        return 0
    data = b"\0" * a.zeros if a.zeros is not None else a.request.encode()
    try:
        if a.split:
            s.sendall(data[: len(data) // 2])
            time.sleep(0.3)
            s.sendall(data[len(data) // 2:])
        else:
            s.sendall(data)
    except OSError:
        pass  # a server that refuses a flood closes early; read its reply
    if a.vanish:
        s.close()
        return 0
    if not a.no_shutdown:
        try:
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
    reply = b""
    try:
        if a.read_once:
            reply = s.recv(2048)
        else:
            while True:
                b = s.recv(65536)
                if not b:
                    break
                reply += b
    except OSError as e:
        if not reply:
            print("<recv: %s>" % e)
            return 1
        # the reply came first (ECONNRESET after a flood is expected)
    s.close()
    sys.stdout.write(reply.decode(errors="replace") + "\n")
    return 0 if reply else 1


if __name__ == "__main__":
    sys.exit(main())
