#!/usr/bin/env python3
"""client.py SOCKET MANIFEST [--raw BYTES-FILE] [--close-after N]
                            [--no-fds] [--fd MODE:PATH]...

Sends one daemon request (8 bytes "0x%06x" + the manifest) with its channel
files as descriptors (SCM_RIGHTS, src/runtime/request.h: one per file
channel, in handle order, opened here with this process's rights: reads
O_RDONLY, writes O_WRONLY|O_CREAT|O_TRUNC, read-write O_RDWR|O_CREAT) and
prints the report the daemon sends back (without its length prefix). The
order is worked out here independently of the C parser, as a second reading
of the rule. --raw sends a file's bytes as they are (with MANIFEST's
descriptors, none when MANIFEST is -); --close-after N sends only the first N bytes and closes (a client
that gives up); --no-fds sends none; --fd MODE:PATH (repeatable) sends
exactly these instead, MODE r, w, rw, wa (O_APPEND), path (O_PATH), dir (a
directory, O_RDONLY) or sock (one end of a socket pair; PATH unused).
Exit status: 0 when a well-framed report came back, 3 when the connection
closed without one, 4 when a channel file cannot be opened (nothing sent),
5 when the socket cannot be connected to.
"""
import os
import socket
import sys

STD = [b"/dev/stdin", b"/dev/stdout", b"/dev/stderr"]


def number(s):
    s = s.strip()
    neg = s.startswith(b"-")
    if s[:1] in b"+-":
        s = s[1:]
    v = int(s, 16) if s[:2].lower() == b"0x" else int(s, 8) if s[:1] == b"0" and len(s) > 1 else int(s)
    return -v if neg else v


def channels(text):
    """(uri, alias, rw) of the file channels, in handle order."""
    chans = []
    for line in text.split(b"\n"):
        line = line.split(b"#")[0].strip()
        key, _, val = line.partition(b"=")
        if key.strip() != b"Channel":
            continue
        tok = [t.strip() for t in val.split(b",")]
        lim = [number(t) for t in tok[4:8]]
        rw = (1 if lim[0] and lim[1] else 0) | (2 if lim[2] and lim[3] else 0)
        chans.append((tok[0], tok[1], rw))
    std = [c for a in STD for c in chans if c[1] == a]
    rest = sorted((c for c in chans if c[1] not in STD), key=lambda c: c[1])
    return [c for c in std + rest if not c[0].startswith(b"tcp:")]


def open_rule(uri, rw):
    own = {b"/dev/stdin": 0, b"/dev/stdout": 1, b"/dev/stderr": 2}.get(uri)
    if own is None and uri.startswith(b"/dev/fd/") and uri[8:].isdigit():
        own = int(uri[8:])
    if own is not None:
        return os.dup(own)
    flags = {2: os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 3: os.O_RDWR | os.O_CREAT}.get(rw, os.O_RDONLY)
    return os.open(uri, flags | os.O_NOCTTY, 0o600)


def open_spec(spec, keep):
    mode, _, path = spec.partition(":")
    if mode == "sock":
        a, b = socket.socketpair()
        keep.append(b)
        return a.detach()
    flags = {"r": os.O_RDONLY, "w": os.O_WRONLY | os.O_CREAT, "rw": os.O_RDWR | os.O_CREAT,
             "wa": os.O_WRONLY | os.O_CREAT | os.O_APPEND, "path": os.O_PATH,
             "dir": os.O_RDONLY | os.O_DIRECTORY}[mode]
    return os.open(path, flags, 0o600)


def main():
    args = sys.argv[1:]
    sock, manifest = args[0], args[1]
    raw = None
    close_after = None
    if "--raw" in args:
        raw = open(args[args.index("--raw") + 1], "rb").read()
    if "--close-after" in args:
        close_after = int(args[args.index("--close-after") + 1])
    specs = [args[i + 1] for i, a in enumerate(args) if a == "--fd"]
    keep = []
    try:
        if specs:
            fds = [open_spec(s, keep) for s in specs]
        elif manifest == "-" or "--no-fds" in args:
            fds = []
        else:
            text = open(manifest, "rb").read()
            fds = [open_rule(uri, rw) for uri, _, rw in channels(text)]
    except OSError as e:
        sys.stderr.write("client.py: cannot open a channel file: %s\n" % e)
        return 4
    if raw is None:
        text = open(manifest, "rb").read()
        raw = b"0x%06x" % len(text) + text
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(60)
    try:
        s.connect(sock)
    except OSError as e:
        sys.stderr.write("client.py: connect: %s\n" % e)
        return 5
    if close_after is not None:
        s.sendall(raw[:close_after])
        s.close()
        return 0
    try:
        sent = 0
        if fds and raw:
            sent = socket.send_fds(s, [raw], fds)
        s.sendall(raw[sent:])
        s.shutdown(socket.SHUT_WR)
    except OSError:
        pass  # a refused client may be cut off: the report is what counts
    for fd in fds:
        os.close(fd)
    data = b""
    while True:
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            break
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
