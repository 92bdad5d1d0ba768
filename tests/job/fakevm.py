#!/usr/bin/env python3
# fakevm.py [-P] MANIFEST - stands in for zerovm in the zvm-job tests
# (ZVM_JOB_ZEROVM). A session whose Program is named corrupt.nexe is faked:
# it asks the name service where its /dev/out peer listens, like zerovm,
# then (tests/net/netpeer.c, after the JobSecret handshake) sends one
# frame and an end whose digest is wrong, as a stream
# corrupted on the way would look to the reader; its report says ok. Any
# other session runs the real zerovm ($FAKEVM_REAL).
import os, socket, struct, subprocess, sys

manifest = sys.argv[-1]
keys, channels = {}, []
for line in open(manifest):
    k, _, v = line.partition("=")
    k, v = k.strip(), v.strip()
    if k == "Channel":
        channels.append([x.strip() for x in v.split(",")])
    else:
        keys[k] = v
if not keys.get("Program", "").endswith("/corrupt.nexe"):
    real = os.environ["FAKEVM_REAL"]
    os.execv(real, [real] + sys.argv[1:])

node = int(keys["Node"])
_, ip, port = keys["NameServer"].split(":")
peer = next(int(c[0].split(":")[1]) for c in channels if c[1].startswith("/dev/out/"))
req = struct.pack(">III", node, 0, 1) + struct.pack(">IH", peer, 0)
ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
ns.settimeout(0.5)
for _ in range(40):
    ns.sendto(req, (ip, int(port)))
    try:
        rep = ns.recv(len(req))
        break
    except socket.timeout:
        pass
host, pport = struct.unpack(">IH", rep[12:18])
# the handshake (JobSecret) and the corrupt stream: tests/net/netpeer.c
out = subprocess.run([os.environ["FAKEVM_NETPEER"], "corrupt", keys["JobSecret"], str(node), str(peer),
                      socket.inet_ntoa(struct.pack(">I", host)), str(pport)],
                     check=True, capture_output=True, text=True).stdout
data = b"x" * int(out)
sys.stdout.write("0\n0\n0\ndisabled\n0.00 0.00 0 0 0 0 0 0 1 %d\nok\n\n" % len(data))
