"""Drives a generated crate's MCP server with the official MCP Python SDK (PyPI
`mcp`), a client this project did not write, and prints a JSON report that
tests/mcp.rs checks.

usage: client.py SERVER_BINARY PRISM_URL HTTP_PORT
"""

import asyncio
import json
import os
import subprocess
import sys
import time

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

ACCOUNT = "AC00000000000000000000000000000000"
ENV = {"TWILIO_ACCOUNT_SID": ACCOUNT, "TWILIO_AUTH_TOKEN": "mcp-test-token", "PATH": os.environ.get("PATH", "")}


def text_of(result):
    return "".join(getattr(block, "text", "") for block in result.content)


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


async def all_apis_listing(binary, prism):
    params = StdioServerParameters(command=binary, args=["--api", "all", "--base-url", prism], env=ENV)
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            listing, elapsed, size = await list_timed(session)
            return {"all_tools": len(listing.tools), "all_list_ms": round(elapsed, 1), "all_list_bytes": size}


async def main():
    binary, prism, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    report = await core_over_stdio(binary, prism)
    report.update(await two_apis_over_http(binary, prism, port))
    report.update(await all_apis_listing(binary, prism))
    print(json.dumps(report))


asyncio.run(main())
