#!/usr/bin/env python3
"""client.py SOCKET MANIFEST [--raw BYTES-FILE] [--close-after N]

Sends one daemon request (8 bytes "0x%06x" + the manifest) and prints the
report the daemon sends back (without its length prefix). --raw sends a
file's bytes as they are; --close-after N sends only the first N bytes and
closes (a client that gives up). Exit status: 0 when a well-framed report
came back, 3 when the connection closed without one.
"""
import socket
import sys


def main():
    args = sys.argv[1:]
    sock, manifest = args[0], args[1]
    raw = None
    close_after = None
    if "--raw" in args:
        raw = open(args[args.index("--raw") + 1], "rb").read()
    if "--close-after" in args:
        close_after = int(args[args.index("--close-after") + 1])
    if raw is None:
        text = open(manifest, "rb").read()
        raw = b"0x%06x" % len(text) + text
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(60)
    s.connect(sock)
    if close_after is not None:
        s.sendall(raw[:close_after])
        s.close()
        return 0
    s.sendall(raw)
    s.shutdown(socket.SHUT_WR)
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    if len(data) < 8:
        return 3
    n = int(data[:8], 0)
    if len(data) != 8 + n:
        sys.stderr.write("length prefix %d, got %d bytes\n" % (n, len(data) - 8))
        return 3
    sys.stdout.write(data[8:].decode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
