#!/usr/bin/env python3
# A real RTSP server for the source tests: GStreamer's gst-rtsp-server (Debian's gir1.2-gst-rtsp-server-1.0, through
# python3-gi) serving an H.264 .mp4 as rtsp://ADDRESS:PORT/live, without re-encoding: the file is played COPIES times
# in a row (concat), paced at its own frame rate, each client from its start. Usage: rtsp-server.py ADDRESS PORT FILE
# COPIES. Prints "ready" once it listens; runs until killed.
import sys

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

address, port, path, copies = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
Gst.init(None)
sources = ' '.join(f'filesrc location="{path}" ! qtdemux ! h264parse ! c. ' for _ in range(copies))
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch(f'( concat name=c ! h264parse config-interval=-1 ! rtph264pay name=pay0 pt=96 {sources})')
factory.set_shared(False)
server = GstRtspServer.RTSPServer()
server.set_address(address)
server.set_service(port)
server.get_mount_points().add_factory('/live', factory)
if server.attach(None) == 0:
    sys.exit(f'cannot listen on {address}:{port}')
print('ready', flush=True)
GLib.MainLoop().run()
