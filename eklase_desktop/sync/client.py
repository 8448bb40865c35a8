"""The HTTP side of sync: one ``requests`` session per signed-in user (DESIGN §4).

Network trouble of any kind becomes ``Offline``; an expired or revoked login ``AuthError``;
everything else the server refuses ``ServerError`` with its message. Never called from the
GUI thread: the UI runs sync through its background task runner.
"""

from __future__ import annotations

import os
import platform
import uuid
from pathlib import Path
from typing import Any, TypeVar

import requests
from pydantic import BaseModel

from eklase_desktop.sync.protocol import (
    AccountIssued,
    AccountList,
    AccountRequest,
    ConflictList,
    Delivery,
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

T = TypeVar("T", bound=BaseModel)
TIMEOUT = (5, 60)  # connect, read (seconds): a push of 500 mutations may take a while
ARCHIVE_TIMEOUT = (5, 600)  # a large school's year, its PDFs printed on the server


class SyncError(Exception):
    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class Offline(SyncError):
    """The server could not be reached (no network, server down, timeout)."""


class AuthError(SyncError):
    """The login is wrong, expired or revoked (401), or slowed down (429)."""


class Revoked(AuthError):
    """The password is right, but the account is revoked or its employment over (403 on
    login, SPEC A4): this laptop's profile of it goes."""


class ServerError(SyncError):
    """The server refused the request (4xx/5xx other than login trouble)."""


class SyncClient:
    def __init__(self, base_url: str, token: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._http = requests.Session()

    def close(self) -> None:
        self._http.close()

    def login(self, username: str, password: str) -> LoginResponse:
        body = LoginRequest(username=username, password=password, device=platform.node()[:200])
        try:
            response = self._call("POST", "/api/v1/auth/login", body, LoginResponse)
        except ServerError as error:
            if error.status == 403:
                raise Revoked(error.message, 403) from error
            raise
        self.token = response.token
        return response

    def accounts(self) -> AccountList:
        return self._call("GET", "/api/v1/accounts", None, AccountList)

    def grant_account(self, staff_id: uuid.UUID, delivery: Delivery) -> AccountIssued:
        body = AccountRequest(delivery=delivery)
        return self._call("POST", f"/api/v1/accounts/{staff_id}", body, AccountIssued)

    def new_password(self, staff_id: uuid.UUID, delivery: Delivery) -> AccountIssued:
        body = AccountRequest(delivery=delivery)
        return self._call("POST", f"/api/v1/accounts/{staff_id}/password", body, AccountIssued)

    def change_password(self, old: str, new: str) -> None:
        body = PasswordChange(old_password=old, new_password=new)
        self._request("POST", "/api/v1/auth/password", body)

    def logout(self) -> None:
        self._request("POST", "/api/v1/auth/logout", None)
        self.token = None

    def hello(self, body: HelloRequest) -> HelloResponse:
        return self._call("POST", "/api/v1/sync/hello", body, HelloResponse)

    def push(self, body: PushRequest) -> PushResponse:
        return self._call("POST", "/api/v1/sync/push", body, PushResponse)

    def pull(self, body: PullRequest) -> PullResponse:
        return self._call("POST", "/api/v1/sync/pull", body, PullResponse)

    def history(self, table: str, row_id: uuid.UUID) -> History:
        """Who changed a row, when, from what to what (SPEC J14); empty for a row the server
        does not have yet."""
        try:
            return self._call("GET", f"/api/v1/history/{table}/{row_id}", None, History)
        except ServerError as error:
            if error.status == 404:
                return History(entries=[])
            raise

    def conflicts(self) -> ConflictList:
        return self._call("GET", "/api/v1/sync/conflicts", None, ConflictList)

    def resolve(self, conflict_id: str, choice: str) -> ResolveResponse:
        body = ResolveRequest(choice=choice)  # type: ignore[arg-type]
        path = f"/api/v1/sync/conflicts/{conflict_id}/resolve"
        return self._call("POST", path, body, ResolveResponse)

    def download_archive(self, school_year_id: uuid.UUID, target: Path) -> Path:
        """The school year's archive (SPEC V7) saved as ``target`` (whole, or not at all):
        the server builds it, which takes a while for a large school."""
        path = f"/api/v1/archive/{school_year_id}"
        response = self._sent("GET", path, timeout=ARCHIVE_TIMEOUT, stream=True)
        partial = target.with_name(target.name + ".part")
        try:
            # personal data: the owner's only, like the server's copy
            with os.fdopen(
                os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb"
            ) as file:
                for chunk in response.iter_content(1 << 16):
                    file.write(chunk)
            partial.replace(target)
        except requests.RequestException as error:
            partial.unlink(missing_ok=True)
            raise Offline(str(error)) from error
        except OSError:
            partial.unlink(missing_ok=True)  # (nothing half-written is left behind)
            raise
        return target

    def _call(self, method: str, path: str, body: BaseModel | None, answer: type[T]) -> T:
        return answer.model_validate(self._request(method, path, body))

    def _request(self, method: str, path: str, body: BaseModel | None) -> Any:
        payload = body.model_dump(mode="json") if body is not None else None
        response = self._sent(method, path, json=payload, timeout=TIMEOUT)
        return response.json() if response.content else None

    def _sent(self, method: str, path: str, **options: Any) -> requests.Response:
        """The server's answer to a request with the token; its refusals as exceptions."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            response = self._http.request(method, self.base_url + path, headers=headers, **options)
        except requests.RequestException as error:
            raise Offline(str(error)) from error
        if response.status_code in (401, 429):
            raise AuthError(_detail(response), response.status_code)
        if response.status_code >= 400:
            raise ServerError(_detail(response), response.status_code)
        return response


def _detail(response: requests.Response) -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        detail = None
    return str(detail or f"HTTP {response.status_code}")
