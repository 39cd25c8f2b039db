"""Drives a generated crate's MCP server with the official MCP Python SDK (PyPI
`mcp`), a client this project did not write, and prints a JSON report that
tests/mcp.rs checks.

usage: client.py SERVER_BINARY PRISM_URL HTTP_PORT [TWILIO_MCP_SERVER]

TWILIO_MCP_SERVER is Twilio's own server (npm @twilio-alpha/mcp 0.7.0): its
api_v2010 listing is measured in the same run as ours.
"""

import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import mcp.types
from mcp.shared._httpx_utils import create_mcp_http_client

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

ACCOUNT = "AC00000000000000000000000000000000"
ENV = {"TWILIO_ACCOUNT_SID": ACCOUNT, "TWILIO_AUTH_TOKEN": "mcp-test-token", "PATH": os.environ.get("PATH", "")}


def text_of(result):
    return "".join(getattr(block, "text", "") for block in result.content)


def size_of(model):
    """Bytes of a result as an agent reads it (JSON, no nulls)."""
    return len(json.dumps(model.model_dump(mode="json", by_alias=True, exclude_none=True)))


async def list_timed(session):
    started = time.perf_counter()
    listing = await session.list_tools()
    elapsed = (time.perf_counter() - started) * 1000
    size = len(json.dumps([tool.model_dump(mode="json", by_alias=True, exclude_none=True) for tool in listing.tools]))
    return listing, elapsed, size


async def core_over_stdio(binary, prism):
    """The seed's usage verbatim: list tools, find listConference, call it."""
    params = StdioServerParameters(command=binary, args=["--base-url", prism], env=ENV)
    report = {}
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            initialized = await session.initialize()
            report["instructions"] = initialized.instructions or ""
            listing, elapsed, size = await list_timed(session)
            names = [tool.name for tool in listing.tools]
            report["default_tools"] = len(names)
            account = (listing.tools[names.index("listConference")].input_schema.get("properties") or {}).get("AccountSid") or {}
            report["account_sid_description"] = account.get("description", "")
            report["default_list_ms"] = round(elapsed, 1)
            report["default_list_bytes"] = size
            report["has_listConference"] = "listConference" in names
            hints = {
                tool.name: tool.annotations
                for tool in listing.tools
                if tool.name in ("listConference", "createQueue", "deleteQueue", "updateQueue")
            }
            report["annotations"] = {
                name: [h.read_only_hint, h.destructive_hint, h.idempotent_hint, h.open_world_hint]
                for name, h in hints.items()
            }
            report["has_describe"] = "describe_operation" in names
            described = await session.call_tool("describe_operation", {"name": "listConference"})
            full = ((described.structured_content or {}).get("inputSchema") or {}).get("properties") or {}
            report["described_date_prose"] = (full.get("DateCreated<") or {}).get("description", "")[:80]
            seed = await session.call_tool("listConference", {"AccountSid": ACCOUNT})
            report["seed_is_error"] = bool(seed.is_error)
            report["seed_items_is_list"] = isinstance((seed.structured_content or {}).get("items"), list)
            report["seed_text_is_json"] = isinstance(json.loads(text_of(seed)), dict)
            created = await session.call_tool("createQueue", {"AccountSid": ACCOUNT, "FriendlyName": "support"})
            report["create_is_error"] = bool(created.is_error)
            report["create_text"] = text_of(created)[:300]
            refused = await session.call_tool("listConference", {"AccountSid": "AC123"})
            report["bad_sid_is_error"] = bool(refused.is_error)
            report["bad_sid_text"] = text_of(refused)
            try:
                await session.call_tool("listConferences", {"AccountSid": ACCOUNT})
                report["unknown_tool_text"] = "answered"
            except Exception as error:  # the SDK raises the server's JSON-RPC error
                report["unknown_tool_text"] = str(error)
            timings = []
            for _ in range(20):
                started = time.perf_counter()
                await session.call_tool("listConference", {"AccountSid": ACCOUNT, "limit": 1})
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            report["call_median_ms"] = round(timings[len(timings) // 2], 2)
    return report


async def two_apis_over_http(binary, prism, port):
    """Streamable HTTP, two APIs, read-only: Prism (serving api_v2010 only)
    refuses the messaging call."""
    server = subprocess.Popen(
        [binary, "--http", f"127.0.0.1:{port}", "--api", "api_v2010,messaging_v1", "--read-only", "--base-url", prism],
        env=ENV,
        stderr=subprocess.PIPE,
        text=True,
    )
    report = {}
    try:
        for line in server.stderr:
            if "/mcp" in line:
                break
        async with streamable_http_client(f"http://127.0.0.1:{port}/mcp") as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                listing, _, _ = await list_timed(session)
                names = [tool.name for tool in listing.tools]
                report["http_tools"] = len(names)
                report["http_has_create"] = "createQueue" in names
                report["http_read_only"] = all(tool.annotations and tool.annotations.read_only_hint for tool in listing.tools)
                seed = await session.call_tool("listConference", {"AccountSid": ACCOUNT})
                report["http_seed_is_error"] = bool(seed.is_error)
                refused = await session.call_tool("listService", {})
                report["prism_refusal_is_error"] = bool(refused.is_error)
                report["prism_refusal_text"] = text_of(refused)[:300]
    finally:
        server.terminate()
        server.wait(timeout=10)
    return report


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def post_status(url, headers):
    """The HTTP status of an MCP `initialize` POST with these headers."""
    import urllib.error
    import urllib.request

    body = json.dumps(
        {"jsonrpc": "2.0", "id": 1, "method": "initialize",
         "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "probe", "version": "0"}}}
    ).encode()
    request = urllib.request.Request(
        url, data=body, method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json, text/event-stream", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def started(server):
    for line in server.stderr:
        if "/mcp" in line:
            return True
    return False


async def http_guards(binary, prism):
    """Off loopback only with a bearer token; a foreign Origin refused."""
    report = {}
    port = free_port()
    # Every address, no token: refused at start.
    refused = subprocess.run(
        [binary, "--http", f"0.0.0.0:{port}", "--base-url", prism],
        env=ENV, capture_output=True, text=True, timeout=60,
    )
    report["open_without_token_exit"] = refused.returncode
    report["open_without_token_says"] = refused.stderr.strip()[-200:]
    server = subprocess.Popen(
        [binary, "--http", f"0.0.0.0:{port}", "--base-url", prism],
        env={**ENV, "MCP_HTTP_TOKEN": "s3cret-token"}, stderr=subprocess.PIPE, text=True,
    )
    try:
        report["token_server_started"] = started(server)
        url = f"http://127.0.0.1:{port}/mcp"
        report["no_token_status"] = post_status(url, {})
        report["wrong_token_status"] = post_status(url, {"Authorization": "Bearer nope"})
        report["token_status"] = post_status(url, {"Authorization": "Bearer s3cret-token"})
        headers = {"Authorization": "Bearer s3cret-token"}
        async with create_mcp_http_client(headers=headers) as http:
            async with streamable_http_client(url, http_client=http) as (read, write, *_):
                async with ClientSession(read, write) as session:
                    await session.initialize()
                    seed = await session.call_tool("listConference", {"AccountSid": ACCOUNT})
                    report["token_seed_is_error"] = bool(seed.is_error)
    finally:
        server.terminate()
        server.wait(timeout=10)
    port = free_port()
    server = subprocess.Popen(
        [binary, "--http", f"127.0.0.1:{port}", "--base-url", prism], env=ENV, stderr=subprocess.PIPE, text=True
    )
    try:
        started(server)
        url = f"http://127.0.0.1:{port}/mcp"
        report["foreign_origin_status"] = post_status(url, {"Origin": "http://evil.example"})
        report["own_origin_status"] = post_status(url, {"Origin": f"http://127.0.0.1:{port}"})
    finally:
        server.terminate()
        server.wait(timeout=10)
    return report


async def with_output_schemas(binary, prism):
    """`--output-schemas`: each tool lists its outputSchema, and this client
    (the Python SDK validates structuredContent against it) accepts the
    results of the seed call and a fetch."""
    params = StdioServerParameters(command=binary, args=["--output-schemas", "--base-url", prism], env=ENV)
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            listing, _, size = await list_timed(session)
            report = {
                "output_schema_tools": sum(1 for tool in listing.tools if tool.output_schema),
                "output_schema_list_bytes": size,
            }
            seed = await session.call_tool("listConference", {"AccountSid": ACCOUNT})
            fetched = await session.call_tool("fetchConference", {"AccountSid": ACCOUNT, "Sid": "CF" + "0" * 32})
            report["output_checked_calls_ok"] = not seed.is_error and not fetched.is_error
            return report


async def all_apis_listing(binary, prism):
    """`--api all` without discovery: every operation listed (for the record)."""
    params = StdioServerParameters(command=binary, args=["--api", "all", "--no-discover", "--base-url", prism], env=ENV)
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            listing, elapsed, size = await list_timed(session)
            return {"all_tools": len(listing.tools), "all_list_ms": round(elapsed, 1), "all_list_bytes": size}


async def agent_discovers(binary, prism):
    """The seed's flow from nothing listed: `--api all` starts in discovery
    mode; find listConference by words, describe it, call it, then register
    its API (the listing changes and the client is told). Counts the bytes
    the agent read."""
    params = StdioServerParameters(command=binary, args=["--api", "all", "--base-url", prism], env=ENV)
    changed = []

    async def on_message(message):
        notification = getattr(message, "root", message)
        if isinstance(notification, mcp.types.ToolListChangedNotification):
            changed.append(True)

    report = {}
    with tempfile.TemporaryFile(mode="w+") as log:
        async with stdio_client(params, errlog=log) as (read, write):
            async with ClientSession(read, write, message_handler=on_message) as session:
                initialized = await session.initialize()
                read_bytes = len(initialized.instructions or "")
                listing, elapsed, size = await list_timed(session)
                read_bytes += size
                report["discover_tools"] = sorted(tool.name for tool in listing.tools)
                report["discover_list_bytes"] = size
                report["discover_list_ms"] = round(elapsed, 1)
                started = time.perf_counter()
                found = await session.call_tool("search_operations", {"query": "conferences list"})
                report["search_ms"] = round((time.perf_counter() - started) * 1000, 2)
                read_bytes += size_of(found)
                operations = (found.structured_content or {}).get("operations") or []
                # All of Twilio has two: api_v2010's (the seed's) and Insights'; both are listed qualified.
                seed_ranks = [
                    rank
                    for rank, operation in enumerate(operations, 1)
                    if operation.get("api") == "api_v2010" and operation.get("name", "").endswith("listConference")
                ]
                report["search_rank"] = seed_ranks[0] if seed_ranks else 0
                report["search_top"] = [operation.get("name") for operation in operations[:5]]
                described = await session.call_tool("describe_operation", {"name": "listConference"})
                read_bytes += size_of(described)
                schema = (described.structured_content or {}).get("inputSchema") or {}
                report["described_has_account"] = "AccountSid" in (schema.get("properties") or {})
                seed = await session.call_tool(
                    "call_operation", {"name": "listConference", "arguments": {"AccountSid": ACCOUNT}}
                )
                read_bytes += size_of(seed)
                report["discover_seed_is_error"] = bool(seed.is_error)
                report["discover_seed_items_is_list"] = isinstance((seed.structured_content or {}).get("items"), list)
                report["agent_read_bytes"] = read_bytes
                registered = await session.call_tool("register_api", {"api": "api_v2010"})
                report["register_is_error"] = bool(registered.is_error)
                for _ in range(50):
                    if changed:
                        break
                    await asyncio.sleep(0.02)
                report["list_changed_sent"] = bool(changed)
                listing, _, _ = await list_timed(session)
                report["registered_tools"] = len(listing.tools)
                direct = await session.call_tool("listConference", {"AccountSid": ACCOUNT})
                report["registered_seed_is_error"] = bool(direct.is_error)
        log.seek(0)
        indexed = re.search(r"indexed (\d+) operations for search in (\d+) ms", log.read())
        report["indexed_operations"] = int(indexed.group(1)) if indexed else 0
        report["index_ms"] = int(indexed.group(2)) if indexed else -1
    return report


async def twilios_own_listing(command):
    """Twilio's own MCP server (npm @twilio-alpha/mcp 0.7.0) with made-up
    credentials: only its api_v2010 listing is read."""
    if not command:
        return {"twilio_list_bytes": 0}
    credentials = f"{ACCOUNT}/SK00000000000000000000000000000000:secret"
    params = StdioServerParameters(
        command=command, args=[credentials, "--services", "twilio_api_v2010"], env={"PATH": os.environ.get("PATH", "")}
    )
    with tempfile.TemporaryFile(mode="w+") as log:
        async with stdio_client(params, errlog=log) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                listing, elapsed, size = await list_timed(session)
                return {"twilio_tools": len(listing.tools), "twilio_list_bytes": size, "twilio_list_ms": round(elapsed, 1)}


async def main():
    binary, prism, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    twilio = sys.argv[4] if len(sys.argv) > 4 else ""
    report = await core_over_stdio(binary, prism)
    report.update(await two_apis_over_http(binary, prism, port))
    report.update(await all_apis_listing(binary, prism))
    report.update(await agent_discovers(binary, prism))
    report.update(await with_output_schemas(binary, prism))
    report.update(await http_guards(binary, prism))
    report.update(await twilios_own_listing(twilio))
    print(json.dumps(report))


asyncio.run(main())
