"""The project's own Neo4j Community server: fetched with Maven, bound to loopback, run as a child.

No Docker is needed: Maven Central serves the Community jars, Java 17 runs them. Everything lives
under one ignored folder (``.neo4j/`` by default): ``lib/`` jars, ``conf/``, ``data/``, ``logs/``.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from cseboard.config import Settings
from cseboard.errors import LocalServerError
from cseboard.private_files import private_file, write_private

__all__ = ["ARRAY_DELIMITER", "JVM_FLAGS", "LocalNeo4j", "ServerStatus"]

MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
ADMIN_CLASS = "org.neo4j.server.startup.Neo4jAdminCommand"
ARRAY_DELIMITER = "\x1f"
"""Splits array values in offline-import CSV files: a control character no partner text holds."""
ARRAY_DELIMITER_NAME = "U+001F"

# The flags Neo4j's own launcher adds (server.jvm.additional in its default neo4j.conf).
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
)

_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>cseboard.local</groupId>
  <artifactId>neo4j-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.neo4j.app</groupId><artifactId>neo4j-server</artifactId><version>{v}</version>
    </dependency>
    <dependency>
      <groupId>org.neo4j</groupId><artifactId>neo4j</artifactId><version>{v}</version>
    </dependency>
  </dependencies>
</project>
"""


@dataclass(frozen=True)
class ServerStatus:
    """What ``cseboard neo4j status`` reports."""

    fetched: bool
    running: bool
    pid: int | None
    bolt_uri: str
    home: Path


@dataclass(frozen=True)
class LocalNeo4j:
    """One local server installation rooted at ``home``."""

    home: Path
    version: str
    bolt_port: int
    heap: str
    pagecache: str
    tx_log_retention: str = "2 days"

    @classmethod
    def from_settings(cls, settings: Settings) -> LocalNeo4j:
        return cls(
            home=settings.local_neo4j_home.resolve(),
            version=settings.local_neo4j_version,
            bolt_port=settings.local_neo4j_bolt_port,
            heap=settings.local_neo4j_heap,
            pagecache=settings.local_neo4j_pagecache,
            tx_log_retention=settings.local_neo4j_tx_log_retention,
        )

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def lib(self) -> Path:
        return self.home / "lib"

    @property
    def _marker(self) -> Path:
        return self.lib / f".complete-{self.version}"

    @property
    def _pid_file(self) -> Path:
        return self.home / "run" / "neo4j.pid"

    @property
    def console_log(self) -> Path:
        return self.home / "logs" / "console.log"

    # -- fetch ------------------------------------------------------------------------------
    def is_fetched(self) -> bool:
        return self._marker.exists()

    def fetch(self) -> bool:
        """Download the Community jars with Maven once; returns False when the cache was used."""
        if self.is_fetched():
            return False
        mvn = shutil.which("mvn")
        if mvn is None:
            raise LocalServerError(
                "Maven (mvn) is not installed; it fetches Neo4j from Maven Central"
            )
        build = self.home / "build"
        build.mkdir(parents=True, exist_ok=True)
        (build / "pom.xml").write_text(_POM.format(v=self.version), encoding="utf-8")
        if self.lib.exists():
            shutil.rmtree(self.lib)
        command = [
            mvn,
            "-B",
            "-q",
            "-f",
            str(build / "pom.xml"),
            "dependency:copy-dependencies",
            f"-DoutputDirectory={self.lib}",
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise LocalServerError(
                f"fetching Neo4j {self.version} failed: {' '.join(command)}\n"
                f"{done.stdout[-3000:]}{done.stderr[-3000:]}"
            )
        self._marker.write_text(self.version, encoding="utf-8")
        return True

    # -- configure --------------------------------------------------------------------------
    def password(self) -> str:
        """The generated initial password, kept readable only by the owner."""
        # A leading "-" would be read as an option by neo4j-admin, so start with a letter.
        made = ("n" + secrets.token_urlsafe(24)).encode("utf-8")
        return private_file(self.home / "password", made).decode("utf-8").strip()

    def configure(self, password: str) -> None:
        """Write ``neo4j.conf`` (loopback only, HTTP off, auth on) and set the first password."""
        for sub in ("conf", "data", "logs", "run", "plugins", "import"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        conf = "\n".join(
            [
                "# Written by cseboard: loopback only, Bolt only, authentication on.",
                "server.default_listen_address=127.0.0.1",
                "server.default_advertised_address=127.0.0.1",
                f"server.bolt.listen_address=127.0.0.1:{self.bolt_port}",
                "server.bolt.tls_level=DISABLED",
                "server.http.enabled=false",
                "server.https.enabled=false",
                "dbms.security.auth_enabled=true",
                "dbms.usage_report.enabled=false",
                f"server.memory.heap.initial_size={self.heap}",
                f"server.memory.heap.max_size={self.heap}",
                f"server.memory.pagecache.size={self.pagecache}",
                f"db.tx_log.rotation.retention_policy={self.tx_log_retention}",
                "server.directories.import=import",
                "",
            ]
        )
        (self.home / "conf" / "neo4j.conf").write_text(conf, encoding="utf-8")
        if not (self.home / "data" / "databases" / "system").exists():
            arg = self.home / "run" / "initial-password.arg"
            write_private(arg, password.encode("utf-8"))
            try:
                # The password goes in an argument file (read by neo4j-admin's picocli), so it
                # never appears on a command line that the process list shows.
                done = subprocess.run(
                    [
                        *self._java(ADMIN_CLASS, heap=False),
                        "dbms",
                        "set-initial-password",
                        f"@{arg}",
                    ],
                    capture_output=True,
                    text=True,
                    check=False,
                    env=self._env(),
                )
            finally:
                arg.unlink(missing_ok=True)
            if done.returncode != 0:
                raise LocalServerError(
                    f"setting the initial password failed: {done.stderr[-2000:]}"
                )

    # -- run --------------------------------------------------------------------------------
    def pid(self) -> int | None:
        """The server's pid if its process is alive."""
        try:
            pid = int(self._pid_file.read_text(encoding="utf-8").strip())
        except (FileNotFoundError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        stat = Path(f"/proc/{pid}/stat")
        if stat.exists() and ") Z " in stat.read_text(encoding="utf-8", errors="replace"):
            return None
        return pid

    def bolt_open(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.bolt_port), timeout=1.0):
                return True
        except OSError:
            return False

    def status(self) -> ServerStatus:
        pid = self.pid()
        return ServerStatus(
            fetched=self.is_fetched(),
            running=pid is not None and self.bolt_open(),
            pid=pid,
            bolt_uri=self.bolt_uri,
            home=self.home,
        )

    def start(self, password: str, *, deadline_s: float = 180.0) -> bool:
        """Start the server and wait for Bolt; returns False if it was already running."""
        if self.pid() is not None:
            if not self._wait_for_bolt(deadline_s):
                raise LocalServerError(f"Neo4j (pid {self.pid()}) runs but Bolt does not answer")
            return False
        if self.bolt_open():
            raise LocalServerError(
                f"port {self.bolt_port} is taken by another process; set LOCAL_NEO4J_BOLT_PORT "
                "or point NEO4J_URI at that server"
            )
        self.fetch()
        self.configure(password)
        log = self.console_log.open("ab")
        process = subprocess.Popen(  # the command is built from fixed parts and config paths
            [
                *self._java(MAIN_CLASS, heap=True),
                f"--home-dir={self.home}",
                f"--config-dir={self.home / 'conf'}",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=self._env(),
            cwd=self.home,
            start_new_session=True,
        )
        self._pid_file.write_text(str(process.pid), encoding="utf-8")
        stop = time.monotonic() + deadline_s
        while time.monotonic() < stop:
            if process.poll() is not None:
                raise LocalServerError(
                    f"Neo4j exited with code {process.returncode}; last lines of "
                    f"{self.console_log}:\n{self._tail()}"
                )
            if self.bolt_open():
                return True
            time.sleep(0.5)
        raise LocalServerError(
            f"Neo4j did not open Bolt within {deadline_s:.0f} s:\n{self._tail()}"
        )

    def stop(self, *, deadline_s: float = 60.0) -> bool:
        """Ask the server to shut down cleanly (SIGTERM), then force it; False if not running."""
        pid = self.pid()
        if pid is None:
            return False
        os.kill(pid, signal.SIGTERM)
        stop = time.monotonic() + deadline_s
        while time.monotonic() < stop and self.pid() is not None:
            time.sleep(0.3)
        if self.pid() is not None:
            os.kill(pid, signal.SIGKILL)
        self._pid_file.unlink(missing_ok=True)
        return True

    def has_database(self, name: str) -> bool:
        """Whether the database's store files exist (a database never started has none)."""
        return (self.home / "data" / "databases" / name).exists()

    # -- offline import -----------------------------------------------------------------------
    def import_database(
        self,
        database: str,
        nodes: list[Path],
        relationships: list[Path],
        *,
        report_file: Path,
        heap: str = "1g",
    ) -> str:
        """Replace ``database`` with the graph in the CSV files (header line first, string ids in
        an id space per label, arrays split by U+001F), with Neo4j's offline importer.

        The server must be stopped. Strict: a duplicate id or a relationship to a missing node
        fails the import rather than being skipped. Returns the importer's output.
        """
        if self.pid() is not None:
            raise LocalServerError("stop the local Neo4j before an offline import")
        command = [
            *self._java(ADMIN_CLASS, heap=False, admin_heap=heap),
            "database",
            "import",
            "full",
            database,  # before the file lists, which take every word after them
            "--overwrite-destination=true",
            "--id-type=string",
            f"--array-delimiter={ARRAY_DELIMITER_NAME}",
            "--multiline-fields=true",
            "--bad-tolerance=0",
            "--skip-bad-relationships=false",
            "--skip-duplicate-nodes=false",
            f"--report-file={report_file}",
            *(f"--nodes={path}" for path in nodes),
            *(f"--relationships={path}" for path in relationships),
        ]
        done = subprocess.run(  # fixed parts and paths this process wrote
            command, capture_output=True, text=True, check=False, env=self._env(), cwd=self.home
        )
        if done.returncode != 0:
            raise LocalServerError(
                f"the offline import failed (exit {done.returncode}):\n"
                f"{done.stdout[-3000:]}{done.stderr[-3000:]}"
            )
        return done.stdout

    # -- helpers ----------------------------------------------------------------------------
    def _wait_for_bolt(self, deadline_s: float) -> bool:
        stop = time.monotonic() + deadline_s
        while time.monotonic() < stop:
            if self.bolt_open():
                return True
            time.sleep(0.5)
        return False

    def _java(self, main_class: str, *, heap: bool, admin_heap: str = "256m") -> list[str]:
        java = shutil.which("java", path=os.environ.get("PATH"))
        java_home = os.environ.get("JAVA_HOME")
        if java_home and (Path(java_home) / "bin" / "java").exists():
            java = str(Path(java_home) / "bin" / "java")
        if java is None:
            raise LocalServerError("Java 17 is required to run the local Neo4j (java not found)")
        memory = [f"-Xms{self.heap}", f"-Xmx{self.heap}"] if heap else [f"-Xmx{admin_heap}"]
        return [java, *memory, *JVM_FLAGS, "-cp", f"{self.lib}/*", main_class]

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["NEO4J_HOME"] = str(self.home)
        env["NEO4J_CONF"] = str(self.home / "conf")
        return env

    def _tail(self, lines: int = 30) -> str:
        try:
            text = self.console_log.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return "(no console log)"
        return "\n".join(text.splitlines()[-lines:])
