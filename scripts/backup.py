"""Back up and restore one database with its filestore (make backup / make restore).

A backup is one tar file (mode 600):
- `manifest.json`: the format, the database, when, PostgreSQL's and Odoo's versions, the installed
  modules, the row count of every table and the files of the filestore with their sizes;
- `database.dump`: pg_dump's custom format (compressed, restored in parallel by pg_restore);
- `filestore/...`: every file an attachment of the dump refers to.

The dump, the counts and the list of files come from one snapshot (pg_export_snapshot): a backup
taken while users work is consistent, and the manifest says exactly what a restore must give.
Odoo's own backup (the database manager, switched off here: list_db = False) writes a plain SQL
dump without such a check and restores it with psql, which goes on after an error.

A restore refuses to overwrite a database; it restores into a new one (by default the backup's
name), then checks every table's row count and every file's SHA-1 (the file's name in the
filestore) against the manifest; a restore that does not match is dropped again. Restored under
another name, the database gets a new database.uuid and database.secret, as Odoo's "copy" does.

Usage: python backup.py backup --config CONF --database DB [--output-dir DIR]
       python backup.py restore --config CONF FILE [--database NAME]
Prints `BACKUP <file>` / `RESTORED <database>` on success.
"""
# pylint: disable=print-used  # a command-line tool: stdout is its output, not a log
import argparse
import configparser
import datetime
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import uuid

import psycopg2
from psycopg2 import sql

FORMAT = "dealer-crm-backup 1"
PG_BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")


class BackupError(Exception):
    """Something a backup or restore cannot do; the message says what and why."""


class Server:
    """The PostgreSQL server and data folder Odoo uses (from its merged configuration)."""

    def __init__(self, config_path):
        parser = configparser.ConfigParser(interpolation=None)
        if not parser.read(config_path):
            raise BackupError("cannot read the Odoo configuration %s" % config_path)
        options = parser["options"]
        self.params = {"host": options.get("db_host") or None, "port": options.get("db_port") or None,
                       "user": options.get("db_user") or None}
        password = options.get("db_password")
        self.password = password if password not in (None, "", "False") else None
        self.data_dir = options["data_dir"]

    def environ(self):
        env = dict(os.environ)
        for name, value in (("PGHOST", self.params["host"]), ("PGPORT", self.params["port"]),
                            ("PGUSER", self.params["user"]), ("PGPASSWORD", self.password)):
            if value:
                env[name] = str(value)
        return env

    def connect(self, db):
        params = {key: value for key, value in self.params.items() if value}
        return psycopg2.connect(dbname=db, password=self.password, **params)

    def filestore(self, db):
        return os.path.join(self.data_dir, "filestore", db)

    def exists(self, db):
        connection = self.connect("postgres")
        try:
            with connection.cursor() as cr:
                cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db,))
                return bool(cr.fetchone())
        finally:
            connection.close()

    def run(self, *args, environ=None):
        result = subprocess.run(args, env=dict(self.environ(), **(environ or {})), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        if result.returncode:
            raise BackupError("%s failed: %s" % (os.path.basename(args[0]), result.stderr.decode(errors="replace")))
        return result.stdout


def table_counts(cr):
    cr.execute("""SELECT table_name FROM information_schema.tables
                   WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name""")
    counts = {}
    for (table,) in cr.fetchall():
        cr.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cr.fetchone()[0]
    return counts


def stored_files(cr):
    cr.execute("SELECT to_regclass('ir_attachment') IS NOT NULL")
    if not cr.fetchone()[0]:
        return []
    cr.execute("SELECT DISTINCT store_fname FROM ir_attachment WHERE store_fname IS NOT NULL ORDER BY 1")
    return [row[0] for row in cr.fetchall()]


def safe_member(name):
    """A path inside the archive that stays inside the folder it is extracted to."""
    parts = name.split("/")
    return not (name.startswith("/") or ".." in parts or "" in parts[:-1] or "\\" in name)


def backup(server, db, output_dir):
    if not server.exists(db):
        raise BackupError("there is no database %s" % db)
    os.makedirs(output_dir, mode=0o700, exist_ok=True)
    stamp = datetime.datetime.utcnow().strftime("%Y%m%d-%H%M%S")
    target = os.path.join(output_dir, "%s-%s.tar" % (db, stamp))
    partial = target + ".partial"
    connection = server.connect(db)
    try:
        connection.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with connection.cursor() as cr, tempfile.TemporaryDirectory(dir=output_dir) as work:
            cr.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, pg_version = cr.fetchone()
            dump = os.path.join(work, "database.dump")
            server.run(os.path.join(PG_BIN, "pg_dump"), "--format=custom", "--no-owner", "--no-acl",
                       "--snapshot=" + snapshot, "--file=" + dump, db)
            counts = table_counts(cr)
            cr.execute("SELECT name, latest_version FROM ir_module_module WHERE state = 'installed' ORDER BY name")
            modules = dict(cr.fetchall())
            files, missing = {}, []
            for name in stored_files(cr):
                path = os.path.join(server.filestore(db), name)
                if safe_member(name) and os.path.isfile(path):
                    files[name] = os.path.getsize(path)
                else:
                    missing.append(name)
            manifest = {
                "format": FORMAT, "database": db, "created_at": datetime.datetime.utcnow().isoformat() + "Z",
                "postgresql": pg_version, "odoo": modules.get("base"), "modules": modules, "tables": counts,
                "files": files, "missing_files": missing,
            }
            with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle, \
                    tarfile.open(fileobj=handle, mode="w") as archive:
                data = json.dumps(manifest, indent=1, sort_keys=True).encode()
                info = tarfile.TarInfo("manifest.json")
                info.size, info.mode = len(data), 0o600
                archive.addfile(info, io.BytesIO(data))
                archive.add(dump, "database.dump")
                for name in files:
                    archive.add(os.path.join(server.filestore(db), name), "filestore/" + name)
        os.replace(partial, target)
    finally:
        connection.close()
        if os.path.exists(partial):
            os.unlink(partial)
    if missing:
        print("warning: %d attachment files are missing from the filestore (listed in the manifest)"
              % len(missing), file=sys.stderr)
    return target


def read_manifest(archive):
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
    except (KeyError, ValueError) as error:
        raise BackupError("not a backup of this CRM (no readable manifest.json: %s)" % error)
    if manifest.get("format") != FORMAT:
        raise BackupError("backup format %r, this version reads %r" % (manifest.get("format"), FORMAT))
    return manifest


def verify(server, db, manifest):
    """Differences between the restored database and filestore and what the manifest says."""
    problems = []
    connection = server.connect(db)
    try:
        with connection.cursor() as cr:
            counts = table_counts(cr)
            names = stored_files(cr)
    finally:
        connection.close()
    for table, count in sorted(manifest["tables"].items()):
        if counts.get(table) != count:
            problems.append("table %s: %s rows, the backup has %d" % (table, counts.get(table), count))
    for name in names:
        if name in manifest["missing_files"]:
            continue
        path = os.path.join(server.filestore(db), name)
        if not os.path.isfile(path):
            problems.append("file %s is missing" % name)
            continue
        with open(path, "rb") as handle:
            digest = hashlib.sha1(handle.read()).hexdigest()
        if digest != os.path.basename(name):
            problems.append("file %s: its content does not match its name" % name)
    return problems


def drop(server, db):
    connection = server.connect("postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cr:
            cr.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(db)))
    finally:
        connection.close()
    shutil.rmtree(server.filestore(db), ignore_errors=True)


def restore(server, path, db=None):
    with tarfile.open(path) as archive:
        manifest = read_manifest(archive)
        db = db or manifest["database"]
        if server.exists(db):
            raise BackupError("database %s exists; restore under another name (DB=...) or drop it first" % db)
        filestore = server.filestore(db)
        if os.path.exists(filestore) and os.listdir(filestore):
            raise BackupError("the filestore %s is not empty; move it away first" % filestore)
        os.makedirs(os.path.dirname(filestore), mode=0o700, exist_ok=True)
        created = False
        try:
            with tempfile.TemporaryDirectory(dir=os.path.dirname(filestore)) as work:
                archive.extract("database.dump", work)
                server.run(os.path.join(PG_BIN, "createdb"), "--template=template0", "--encoding=UTF8", db)
                created = True
                # one transaction, committed without waiting for the disk: on two cores this is the
                # quickest way (a restore cut short leaves nothing, and is checked below anyway)
                server.run(os.path.join(PG_BIN, "pg_restore"), "--no-owner", "--no-acl", "--exit-on-error",
                           "--single-transaction", "--dbname=" + db, os.path.join(work, "database.dump"),
                           environ={"PGOPTIONS": "-c synchronous_commit=off"})
            os.makedirs(filestore, mode=0o700, exist_ok=True)
            for member in archive.getmembers():
                name = member.name[len("filestore/"):]
                if not member.name.startswith("filestore/") or not member.isfile():
                    continue
                if not safe_member(name):
                    raise BackupError("the archive holds an unsafe path %r" % member.name)
                target = os.path.join(filestore, name)
                os.makedirs(os.path.dirname(target), mode=0o700, exist_ok=True)
                with archive.extractfile(member) as source, \
                        os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as copy:
                    shutil.copyfileobj(source, copy)
            problems = verify(server, db, manifest)
            if problems:
                raise BackupError("the restored database does not match its backup:\n  " + "\n  ".join(problems[:20]))
            if db != manifest["database"]:
                renew_identity(server, db)
        except BaseException:
            if created:
                drop(server, db)
            raise
    return db


def renew_identity(server, db):
    """A copy beside the original is another database to the outside (DMS, mail, Odoo's services):
    the parameters Odoo's own copy renews (ir.config_parameter init(force=True))."""
    connection = server.connect(db)
    try:
        with connection, connection.cursor() as cr:
            for key, value in (("database.uuid", str(uuid.uuid1())), ("database.secret", str(uuid.uuid4())),
                               ("database.create_date", datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M:%S"))):
                cr.execute("UPDATE ir_config_parameter SET value = %s WHERE key = %s", (value, key))
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["backup", "restore"])
    parser.add_argument("file", nargs="?", help="the backup to restore")
    parser.add_argument("--config", required=True, help="Odoo's configuration (bin/odoo --print-config)")
    parser.add_argument("--database", help="backup: the database; restore: the new database's name")
    parser.add_argument("--output-dir", default=os.path.join(os.getcwd(), ".local", "backups"))
    args = parser.parse_intermixed_args()
    os.umask(0o077)
    try:
        server = Server(args.config)
        if args.command == "backup":
            if not args.database:
                raise BackupError("backup needs --database")
            print("BACKUP %s" % backup(server, args.database, args.output_dir))
        else:
            if not args.file or not os.path.isfile(args.file):
                raise BackupError("restore needs the backup file (FILE=...)")
            print("RESTORED %s" % restore(server, args.file, args.database))
    except (BackupError, psycopg2.Error, tarfile.TarError, OSError) as error:
        sys.exit("error: %s" % error)


if __name__ == "__main__":
    main()
