"""Running the server: uvicorn on a host and port, with TLS where a certificate is given."""

import logging
from pathlib import Path

from sync.server.app import create_app
from sync.server.core import Server

log = logging.getLogger("desk.server")


def serve(
    data_dir: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    db_url: str | None = None,
    tls_cert: Path | None = None,
    tls_key: Path | None = None,
    clock=None,
    ready=None,
    stopping=None,
) -> int:
    """`ready(server)` runs before serving (an office hub starts its relay there),
    `stopping(server)` after uvicorn returned, before the database closes."""
    import uvicorn

    server = Server(data_dir, db_url, clock=clock)
    app = create_app(server)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        ssl_certfile=str(tls_cert) if tls_cert else None,
        ssl_keyfile=str(tls_key) if tls_key else None,
        timeout_keep_alive=30,
        limit_concurrency=1000,
    )
    runner = uvicorn.Server(config)
    if ready is not None:
        ready(server)
    try:
        runner.run()
    finally:
        if stopping is not None:
            stopping(server)
        server.close()
    return 0
