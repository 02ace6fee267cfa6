#!/usr/bin/python3
"""natpeer.py - host-side peers of the nat-*.sh integration tests

  pattern-sha SIZE                  sha256 of the pattern stream of SIZE bytes
  pattern-out SIZE [--http]         write the pattern to stdout (--http: after
                                    the response header http-pattern sends)
  http-pattern PORT SIZE [--bind A] HTTP server: every GET gets SIZE bytes of
                                    the pattern (1 MiB blocks, each its own)
  tcp-talk HOST PORT TEXT [--expect-refused]
                                    connect, send TEXT + newline, half-close,
                                    print what comes back until EOF
  tcp-xfer HOST PORT [FILE]         connect, send FILE (if given), half-close,
                                    write what comes back until EOF to stdout
  pattern-send HOST PORT SIZE       connect, print the window scales TCP
                                    agreed on, send SIZE pattern bytes, close
  sha-sink PORT [--slow BYTES]      TCP server on 127.0.0.1: read one
                                    connection to EOF, print its length and
                                    sha256, exit; --slow: the first BYTES
                                    are read 16 KiB every 5 ms
  udp-talk HOST PORT TEXT           send TEXT as one datagram, print the reply
  tcp-echo PORT                     TCP server: each connection's first line
                                    is answered "guest-got:LINE" (runs in a
                                    netns guest)
  ctl SOCK JSON                     one request on guestnet-emu's control
                                    socket; print the reply line
"""
import hashlib
import random
import socket
import sys
import time

BLOCK = 1 << 20


def base_block():
    rnd = random.Random(20240521)
    return bytearray(rnd.getrandbits(8 * BLOCK).to_bytes(BLOCK, "little"))


def blocks(size):
    """Yield the pattern: block i is the base block with i in its first 8 bytes."""
    b = base_block()
    i = 0
    while size > 0:
        b[0:8] = i.to_bytes(8, "little")
        n = min(size, BLOCK)
        yield bytes(b[:n])
        size -= n
        i += 1


def recv_until(s, marker):
    """Read from socket s until marker arrives or the peer closes."""
    data = b""
    while marker not in data:
        d = s.recv(65536)
        if not d:
            break
        data += d
    return data


def pattern_sha(size):
    h = hashlib.sha256()
    for blk in blocks(size):
        h.update(blk)
    print(h.hexdigest())


def http_header(size):
    return (b"HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n"
            b"Content-Length: %d\r\n\r\n" % size)


def pattern_out(size, http):
    out = sys.stdout.buffer
    if http:
        out.write(http_header(size))
    for blk in blocks(size):
        out.write(blk)
    out.flush()


def http_pattern(port, size, bind):
    fam = socket.AF_INET6 if ":" in bind else socket.AF_INET
    srv = socket.socket(fam, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((bind, port))
    srv.listen(8)
    print("listening", port, flush=True)
    while True:
        c, _ = srv.accept()
        with c:
            req = recv_until(c, b"\r\n\r\n")
            if not req:
                continue
            print("request", req.split(b"\r\n")[0].decode(errors="replace"), flush=True)
            c.sendall(http_header(size))
            try:
                for blk in blocks(size):
                    c.sendall(blk)
            except OSError as e:
                print("send failed:", e, flush=True)
                continue
            print("sent", size, flush=True)


def tcp_talk(host, port, text, expect_refused):
    s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    s.settimeout(10)
    try:
        s.connect((host, port))
    except ConnectionRefusedError:
        print("refused")
        sys.exit(0 if expect_refused else 1)
    if expect_refused:
        # slirp accepts before it knows whether the guest answers; a removed
        # forward must not even accept.
        print("connected")
        sys.exit(1)
    s.sendall(text.encode() + b"\n")
    s.shutdown(socket.SHUT_WR)
    out = b""
    try:
        while True:
            d = s.recv(4096)
            if not d:
                break
            out += d
    except socket.timeout:
        print("timeout after", repr(out), file=sys.stderr)
        sys.exit(1)
    sys.stdout.write(out.decode(errors="replace"))


def tcp_xfer(host, port, path):
    s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    s.settimeout(30)
    s.connect((host, port))
    if path:
        with open(path, "rb") as f:
            s.sendall(f.read())
    s.shutdown(socket.SHUT_WR)
    while True:
        d = s.recv(65536)
        if not d:
            break
        sys.stdout.buffer.write(d)


def pattern_send(host, port, size):
    s = socket.create_connection((host, port), timeout=30)
    info = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
    scaled = bool(info[5] & 4)                  # tcpi_options: TCPI_OPT_WSCALE
    print("wscale", "on" if scaled else "off",
          "snd=%d rcv=%d" % (info[6] & 15, info[6] >> 4), flush=True)
    s.settimeout(None)
    for blk in blocks(size):
        s.sendall(blk)
    s.shutdown(socket.SHUT_WR)
    s.recv(1)
    s.close()


def sha_sink(port, slow):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port))
    srv.listen(1)
    print("listening", port, flush=True)
    c, _ = srv.accept()
    h = hashlib.sha256()
    n = 0
    buf = bytearray(1 << 20)
    view = memoryview(buf)
    while True:
        if n < slow:
            time.sleep(0.005)
            k = c.recv_into(buf, 16384)
        else:
            k = c.recv_into(buf)
        if not k:
            break
        h.update(view[:k])
        n += k
    c.close()
    print("received", n, "sha256", h.hexdigest(), flush=True)


def udp_talk(host, port, text):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2)
    for _ in range(10):
        s.sendto(text.encode(), (host, port))
        try:
            d, _ = s.recvfrom(4096)
        except socket.timeout:
            continue
        print(d.decode(errors="replace"))
        return
    print("no udp reply", file=sys.stderr)
    sys.exit(1)


def tcp_echo(port):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("0.0.0.0", port))
    srv.listen(8)
    print("tcp-echo listening", port, flush=True)
    while True:
        c, peer = srv.accept()
        with c:
            with c.makefile("rb") as f:
                line = f.readline().strip()
            print("tcp-echo from", peer[0], line.decode(errors="replace"), flush=True)
            c.sendall(b"guest-got:" + line + b"\n")


def ctl(path, req):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(path)
    s.sendall(req.encode() + b"\n")
    print(recv_until(s, b"\n").decode().strip())


def main():
    a = sys.argv[1:]
    if not a:
        sys.exit(__doc__)
    cmd, a = a[0], a[1:]
    if cmd == "pattern-sha":
        pattern_sha(int(a[0]))
    elif cmd == "pattern-out":
        pattern_out(int(a[0]), "--http" in a)
    elif cmd == "http-pattern":
        bind = a[a.index("--bind") + 1] if "--bind" in a else "127.0.0.1"
        http_pattern(int(a[0]), int(a[1]), bind)
    elif cmd == "tcp-talk":
        tcp_talk(a[0], int(a[1]), a[2], "--expect-refused" in a)
    elif cmd == "tcp-xfer":
        tcp_xfer(a[0], int(a[1]), a[2] if len(a) > 2 else None)
    elif cmd == "pattern-send":
        pattern_send(a[0], int(a[1]), int(a[2]))
    elif cmd == "sha-sink":
        sha_sink(int(a[0]), int(a[a.index("--slow") + 1]) if "--slow" in a else 0)
    elif cmd == "udp-talk":
        udp_talk(a[0], int(a[1]), a[2])
    elif cmd == "tcp-echo":
        tcp_echo(int(a[0]))
    elif cmd == "ctl":
        ctl(a[0], a[1])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
