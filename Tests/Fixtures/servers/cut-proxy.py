#!/usr/bin/env python3
"""A TCP relay on 127.0.0.1 for the sync tests that plays the network going away in the middle of
a push: it relays every connection to the git server behind it until the client starts sending a
pack (the bytes "PACK" in the client-to-server direction), relays CUT bytes of it, then resets
both connections and exits, as if the host had died with half a pack received.
Usage: cut-proxy.py LISTEN_PORT TARGET_PORT CUT"""
import os
import socket
import struct
import sys
import threading

listen_port, target_port, cut = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])


def reset(*sockets):
    for s in sockets:
        try:
            # Linger 0: close sends RST, the way a dead host's connection ends.
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            s.close()
        except OSError:
            pass


def relay(client):
    try:
        server = socket.create_connection(("127.0.0.1", target_port))
    except OSError:
        reset(client)
        return

    def down():
        try:
            while data := server.recv(65536):
                client.sendall(data)
        except OSError:
            pass

    threading.Thread(target=down, daemon=True).start()
    tail = b""
    sent_of_pack = None
    try:
        while data := client.recv(65536):
            if sent_of_pack is None:
                window = tail + data
                at = window.find(b"PACK")
                if at < 0:
                    server.sendall(data)
                    tail = window[-3:]
                    continue
                # The pack starts at `at` in tail + data; bytes of it in `tail` have been relayed.
                start = max(at - len(tail), 0)
                server.sendall(data[:start])
                sent_of_pack = max(len(tail) - at, 0)
                data = data[start:]
            room = cut - sent_of_pack
            server.sendall(data[:room])
            sent_of_pack += min(room, len(data))
            if sent_of_pack >= cut:
                reset(client, server)
                os._exit(0)
    except OSError:
        pass
    reset(client, server)


listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", listen_port))
listener.listen(16)
while True:
    conn, _ = listener.accept()
    threading.Thread(target=relay, args=(conn,), daemon=True).start()
