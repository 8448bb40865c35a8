"""The HTTP API (FastAPI): login, sync, conflicts, health. OpenAPI at ``/openapi.json``."""

import datetime as dt
import gc
import tempfile
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic.json_schema import models_json_schema
from pydantic_core import to_json
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.i18n import _
from eklase_desktop.sync.faults import crashpoint, slowpoint
from eklase_desktop.sync.protocol import (
    MAX_BODY_BYTES,
    PROTOCOL_VERSION,
    AccountIssued,
    AccountList,
    AccountRequest,
    ConflictList,
    HelloRequest,
    HelloResponse,
    History,
    LoginRequest,
    LoginResponse,
    PasswordChange,
    PullRequest,
    PullResponse,
    PushRequest,
    PushResponse,
    ResolveRequest,
    ResolveResponse,
)
from eklase_server import __version__, accounts, auth
from eklase_server.archive import archive_for
from eklase_server.auth import User
from eklase_server.catalogue import CATALOGUE, resolve
from eklase_server.conflicts import to_info, visible_conflicts
from eklase_server.context import Context, Rejected
from eklase_server.db import current_version, server_id
from eklase_server.history import NotVisible, history
from eklase_server.models import Account, Conflict, Receipt
from eklase_server.pull import cursor_valid, pull
from eklase_server.push import SeqReused, conflict_targets, push

CLOCK_SKEW_WARNING = dt.timedelta(minutes=5)
PUSH_ATTEMPTS = 3
# Pushes one server process computes at once. A push is mostly CPU-bound Python: more of
# them side by side only take the GIL from each other, and the one holding the version
# counter's lock waits for the GIL while the others wait for it. Two keep the process busy
# while one waits for the database (bench/sync.py: 200 clients at once, p95 6.4 s with 40
# side by side, 4.7 s with 4 in an earlier version; now 2.2–2.4 s with 2, 2.3–2.5 s with 4).
PUSH_SLOTS = 2
RETRYABLE = {"40P01", "40001"}  # PostgreSQL: deadlock detected, serialization failure


def app_from_environment() -> FastAPI:
    """The app of each process of ``serve --workers N`` (uvicorn imports it by name)."""
    from eklase_server.db import create_server_engine, default_database_url

    app = create_app(create_server_engine(default_database_url()))
    collect_rarely()
    return app


def collect_rarely() -> None:
    """Sets the garbage collector for a serving process: the objects of its imports are set
    aside (``gc.freeze``), and a collection waits for 50,000 new objects rather than 700. A
    push makes thousands of objects that die young, and while many laptops push at once
    their parsed requests wait in memory: the collector walked them over and over (bench/
    sync.py, 200 clients at once: the server's CPU time fell by about 15 % with this)."""
    gc.freeze()
    gc.set_threshold(50_000)


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(HTTPBearer(auto_error=False))]


REVOKED = _("Konts ir slēgts: darba attiecības beigušās vai tiesības atsauktas.")
T = TypeVar("T")


def _refusing(call: Callable[[], T]) -> T:
    """``call()``; a refusal (a DomainError) as 403 with its Latvian reason."""
    try:
        return call()
    except DomainError as error:
        raise HTTPException(403, error.message) from error


def _signed_in(db: Session, credentials: HTTPAuthorizationCredentials | None) -> User:
    user = auth.user_for_token(db, credentials.credentials) if credentials else None
    if user is None:
        raise HTTPException(401, _("Pieslēgšanās beigusies vai nav derīga."))
    return user


class BodyLimit:
    """Answers 413 to a body over ``MAX_BODY_BYTES``, by its Content-Length or, for a
    chunked body, as it comes. A plain ASGI middleware: Starlette's ``BaseHTTPMiddleware``
    gives every request a task and a stream of its own, which a push pays for."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (
            not (length.isascii() and length.isdigit()) or int(length) > MAX_BODY_BYTES
        ):
            return await self.too_large(scope, receive, send)
        if length is None and scope["method"] in ("POST", "PUT", "PATCH"):
            body, more = b"", True
            while more:
                message = await receive()
                if message["type"] != "http.request":  # the client went away
                    return None
                body += message.get("body", b"")
                more = message.get("more_body", False)
                if len(body) > MAX_BODY_BYTES:
                    return await self.too_large(scope, receive, send)
            given = False

            async def whole_body() -> Message:
                nonlocal given
                if given:
                    return await receive()
                given = True
                return {"type": "http.request", "body": body, "more_body": False}

            return await self.app(scope, whole_body, send)
        return await self.app(scope, receive, send)

    @staticmethod
    async def too_large(scope: Scope, receive: Receive, send: Send) -> None:
        answer = JSONResponse({"detail": _("Pieprasījums ir pārāk liels.")}, status_code=413)
        await answer(scope, receive, send)


def _printable(text: object) -> str:
    """``text`` as a JSON answer can carry it (a lone surrogate replaced)."""
    return str(text).encode("utf-8", "replace").decode("utf-8")


async def _invalid_request(_request: Request, error: Exception) -> JSONResponse:
    """422 without echoing the input: FastAPI's own answer repeated it, and a lone surrogate
    or NaN in it made that answer a 500."""
    assert isinstance(error, RequestValidationError)
    detail = [
        {
            "loc": [_printable(part) for part in item.get("loc", ())],
            "msg": _printable(item.get("msg", "")),
            "type": _printable(item.get("type", "")),
        }
        for item in error.errors()
    ]
    return JSONResponse({"detail": detail}, status_code=422)


def source_address(request: Request) -> str:
    """Where a request comes from: the peer's address, or behind a reverse proxy the one
    it forwards (``serve --forwarded-allow-ips``: uvicorn trusts only those proxies)."""
    return request.client.host if request.client else ""


def _described_mutations(schema: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI schema with each mutation's arguments: ``Mutation.args`` is parsed per
    mutation on the server (a bad one is rejected alone), so the model says only "an
    object"; the document says which ``args`` go with which ``name``, so that clients and
    API fuzzers can reach inside them."""
    declared = sorted(CATALOGUE.values(), key=lambda item: item.name.value)
    _refs, definitions = models_json_schema(
        [(item.args, "validation") for item in declared],
        ref_template="#/components/schemas/{model}",
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(definitions.get("$defs", {}))
    envelope = components["Mutation"]
    variants = []
    for item in declared:
        properties = dict(envelope["properties"])
        properties["name"] = {"type": "string", "const": item.name.value}
        properties["args"] = {"$ref": f"#/components/schemas/{item.args.__name__}"}
        variants.append({**envelope, "properties": properties, "title": item.name.value})
    components["Mutation"] = {
        "title": "Mutation",
        "description": "One change from a laptop's outbox: its name and that mutation's args.",
        "oneOf": variants,
    }
    return schema


def create_app(engine: Engine) -> FastAPI:
    factory = sessionmaker(engine, expire_on_commit=False)
    pushing = threading.BoundedSemaphore(PUSH_SLOTS)
    checking = threading.BoundedSemaphore(1)  # argon2 password checks at a time
    app = FastAPI(title="E-klase server", version=__version__)
    app.add_middleware(BodyLimit)
    app.add_exception_handler(RequestValidationError, _invalid_request)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _described_mutations(
                get_openapi(title=app.title, version=app.version, routes=app.routes)
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    # Every endpoint commits inside its own ``with factory.begin()`` block, before it
    # returns: a client is told "applied" only for what is on disk.

    def current_user(credentials: Credentials) -> User:
        with factory() as db:
            return _signed_in(db, credentials)

    Me = Annotated[User, Depends(current_user)]
    # Documented on every call that needs a token (the bearer scheme itself is in OpenAPI).
    needs_token: dict[int | str, dict[str, str]] = {
        422: {"description": "Body is not JSON, or not of the request's shape"},
        401: {"description": "No valid token: log in again"},
        413: {"description": "Body over the size limit"},
    }

    @app.get("/api/v1/health")
    def health() -> dict[str, object]:
        with factory() as db:
            version = current_version(db)
        return {
            "status": "ok",
            "version": __version__,
            "protocol": PROTOCOL_VERSION,
            "server_version": version,
        }

    @app.post(
        "/api/v1/auth/login",
        responses={
            422: {"description": "Body is not JSON, or not of the request's shape"},
            401: {"description": "Wrong user name or password"},
            403: {"description": "The account is revoked or its employment over (SPEC A4)"},
            413: {"description": "Body over the size limit"},
            429: {"description": "Too many failures: wait"},
        },
    )
    def login(body: LoginRequest, request: Request) -> LoginResponse:
        # Short transactions around the password check, none during it: argon2 takes a
        # moment, and SQLite's write lock held through it let failed logins stall every sync.
        address = source_address(request)
        at = auth.now()
        with factory() as db:
            braked = auth.is_braked(db, body.username, address, at)
            account_id, digest = auth.stored_hash(db, body.username)
        if braked:
            raise HTTPException(429, _("Pārāk daudz neveiksmīgu mēģinājumu. Mēģiniet vēlāk."))
        slowpoint("server.login.verifying")
        with checking:  # a flood of logins takes at most one core from the syncs
            matches = auth.password_matches(digest, body.password)
        if not matches or account_id is None:
            with factory.begin() as db:
                auth.record_failure(db, body.username, address, at)
            raise HTTPException(401, _("Nepareizs lietotājvārds vai parole."))
        with factory.begin() as db:
            account = db.get(Account, account_id)
            if account is None or account.password_hash != digest:  # changed meanwhile
                raise HTTPException(401, _("Nepareizs lietotājvārds vai parole."))
            if not accounts.is_active(db, account):  # told only with the right password
                raise HTTPException(403, REVOKED)
            auth.forget_failures(db, body.username, address)
            token, row = auth.issue_token(db, account, body.device)
            user = auth.user_of(db, account)
            return LoginResponse(
                token=token,
                expires_at=row.expires_at,
                username=user.username,
                name=user.name,
                staff_id=user.staff_id,
                roles=sorted(user.roles),
            )

    @app.post("/api/v1/auth/logout", status_code=204, responses=needs_token)
    def logout(me: Me, credentials: Credentials) -> Response:
        with factory.begin() as db:
            auth.revoke_token(db, credentials.credentials if credentials else "")
        return Response(status_code=204)

    @app.post("/api/v1/sync/hello", responses=needs_token)
    def hello(body: HelloRequest, me: Me) -> HelloResponse:
        with factory() as db:
            return _hello(db, body)

    def _hello(db: Session, body: HelloRequest) -> HelloResponse:
        server_time = auth.now()
        client_time = body.client_time.astimezone(dt.UTC).replace(tzinfo=None)
        skew = (client_time - server_time).total_seconds()
        last_seq = (
            db.scalar(select(func.max(Receipt.seq)).where(Receipt.client_id == body.client_id)) or 0
        )
        warnings = []
        if abs(skew) > CLOCK_SKEW_WARNING.total_seconds():
            warnings.append(
                _("Datora pulkstenis atšķiras no servera par {minutes} min.").format(
                    minutes=round(abs(skew) / 60)
                )
            )
        return HelloResponse(
            protocol_version=PROTOCOL_VERSION,
            server_id=server_id(db),
            server_time=server_time,
            clock_skew_seconds=skew,
            last_seq_seen=last_seq,
            cursor_valid=cursor_valid(db, body.cursor),
            warnings=warnings,
        )

    @app.post(
        "/api/v1/sync/push",
        response_model=PushResponse,
        responses={**needs_token, 409: {"description": "seq reused"}},
    )
    def push_changes(body: PushRequest, credentials: Credentials) -> Response:
        # The token is checked in the push's own transaction (``Me`` would take a second
        # connection), and the answer is encoded once (FastAPI would check it again): the
        # push is the request many laptops send at once.
        with pushing:
            response = _push(body, credentials)
        return Response(to_json(response), media_type="application/json")

    def _push(
        body: PushRequest, credentials: HTTPAuthorizationCredentials | None
    ) -> dict[str, Any]:
        for attempt in range(1, PUSH_ATTEMPTS + 1):
            try:
                with factory.begin() as db:
                    response = push(db, _signed_in(db, credentials), body)
                    crashpoint("server.push.before_commit")
                break
            except SeqReused as error:
                raise HTTPException(409, f"seq_reused:{error.seq}") from error
            except (IntegrityError, OperationalError) as error:
                # Two pushes created the same new row at once, or PostgreSQL broke a lock
                # cycle: the transaction left nothing behind and runs again.
                sqlstate = getattr(error.orig, "sqlstate", None)
                if attempt == PUSH_ATTEMPTS or not (
                    isinstance(error, IntegrityError) or sqlstate in RETRYABLE
                ):
                    raise
        crashpoint("server.push.after_commit")
        return response

    @app.post("/api/v1/sync/pull", responses=needs_token)
    def pull_changes(body: PullRequest, me: Me) -> PullResponse:
        with factory() as db:
            return pull(db, me, body.cursor, body.limit)

    @app.get(
        "/api/v1/history/{table}/{row_id}",
        responses={**needs_token, 404: {"description": "No such row in the user's scope"}},
    )
    def row_history(table: str, row_id: uuid.UUID, me: Me) -> History:
        """Who changed the row, when, from what to what (SPEC J14)."""
        with factory() as db:
            try:
                return history(db, me, table, row_id)
            except NotVisible as error:
                raise HTTPException(404, _("Ieraksts nav atrasts.")) from error

    refusable = {**needs_token, 403: {"description": "Refused: the reason in Latvian"}}

    @app.get(
        "/api/v1/archive/{school_year_id}",
        responses={**refusable, 200: {"content": {"application/zip": {}}}},
        response_class=Response,
    )
    def year_archive(school_year_id: uuid.UUID, me: Me) -> Response:
        """The school year's archive, one ZIP (SPEC V7; the deputy director's)."""
        with tempfile.TemporaryDirectory(prefix="eklase-archive-") as folder:
            built = _refusing(lambda: archive_for(engine, me, school_year_id, Path(folder)))
            data = built.path.read_bytes()
        disposition = f'attachment; filename="{built.path.name}"'
        return Response(
            data, media_type="application/zip", headers={"Content-Disposition": disposition}
        )

    @app.get("/api/v1/accounts", responses=refusable)
    def account_list(me: Me) -> AccountList:
        """The school's accounts (the clerk and the deputy)."""
        return _refusing(lambda: accounts.list_accounts(factory, me))

    @app.post("/api/v1/accounts/{staff_id}", responses=refusable)
    def account_grant(staff_id: uuid.UUID, body: AccountRequest, me: Me) -> AccountIssued:
        """An account for a staff card, its password by SMS or for the slip (SPEC A2, A3)."""
        return _refusing(lambda: accounts.grant(factory, me, staff_id, body.delivery))

    @app.post("/api/v1/accounts/{staff_id}/password", responses=refusable)
    def account_password(staff_id: uuid.UUID, body: AccountRequest, me: Me) -> AccountIssued:
        """A new password for a lost one (SPEC A3, M 10)."""
        return _refusing(lambda: accounts.reissue(factory, me, staff_id, body.delivery))

    @app.post("/api/v1/auth/password", status_code=204, responses=refusable)
    def own_password(
        body: PasswordChange, me: Me, credentials: Credentials, request: Request
    ) -> Response:
        """The user's own new password (SPEC A6)."""
        token = credentials.credentials if credentials else ""
        address = source_address(request)
        _refusing(
            lambda: accounts.change_password(
                factory, me, token, body.old_password, body.new_password, address
            )
        )
        return Response(status_code=204)

    @app.get("/api/v1/sync/conflicts", responses=needs_token)
    def conflicts(me: Me) -> ConflictList:
        with factory() as db:
            return ConflictList(
                conflicts=[to_info(db, c, me.account_id) for c in visible_conflicts(db, me)]
            )

    @app.post(
        "/api/v1/sync/conflicts/{conflict_id}/resolve",
        responses={
            **needs_token,
            404: {"description": "No such conflict"},
            403: {"description": "Not a party"},
        },
    )
    def resolve_conflict(conflict_id: uuid.UUID, body: ResolveRequest, me: Me) -> ResolveResponse:
        with factory.begin() as db:
            return _resolve(db, conflict_id, body, me)

    def _resolve(
        db: Session, conflict_id: uuid.UUID, body: ResolveRequest, me: User
    ) -> ResolveResponse:
        context = Context.begin(db, me, None)
        context.lock(*conflict_targets(db, {conflict_id}))
        try:
            version = resolve(context, conflict_id, body.choice)
        except Rejected as error:
            raise HTTPException(
                404 if db.get(Conflict, conflict_id) is None else 403, error.message
            ) from error
        context.finish()
        conflict = db.get(Conflict, conflict_id)
        assert conflict is not None
        return ResolveResponse(
            conflict=to_info(db, conflict, me.account_id), version=context.versions.real(version)
        )

    return app
