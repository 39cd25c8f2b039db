"""The MCP server generated from the FastAPI service's spec (not Twilio's),
driven by the official MCP Python SDK: its bearer token comes from the
crate's own variable (PET_CLINIC_TOKEN), and the service checks it.

usage: mcp_client.py SERVER_BINARY SERVICE_URL TOKEN; prints a JSON report.
"""

import asyncio
import json
import os
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

PET = "00000000-0000-4000-8000-000000000000"


async def main():
    binary, url, token = sys.argv[1], sys.argv[2], sys.argv[3]
    env = {"PET_CLINIC_TOKEN": token, "PATH": os.environ.get("PATH", "")}
    params = StdioServerParameters(command=binary, args=["--base-url", url], env=env)
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            listing = await session.list_tools()
            names = [tool.name for tool in listing.tools]
            delete = next(name for name in names if name.startswith("deletePet"))
            result = await session.call_tool(delete, {"pet_id": PET})
            text = "".join(getattr(block, "text", "") for block in result.content)
            print(json.dumps({"tools": len(names), "tool": delete, "is_error": bool(result.is_error), "text": text[:300]}))


asyncio.run(main())
