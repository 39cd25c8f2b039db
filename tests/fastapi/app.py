"""A FastAPI service with what FastAPI users write daily, for the generator's
OpenAPI 3.1 test: the test generates a client from this app's live
/openapi.json and calls every endpoint through it.

Run: python app.py PORT (binds 127.0.0.1; the test stops it)."""

import json
import sys
import threading
import urllib.request
import uuid
from datetime import datetime, timezone
from enum import Enum
from typing import Annotated, Dict, List, Literal, Optional, Union

import uvicorn
from fastapi import (FastAPI, File, Form, Header, HTTPException, Path, Query,
                     Response, Security, UploadFile)
from fastapi.responses import Response as RawResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

app = FastAPI(title="Pet Clinic", version="1.0.0")
bearer = HTTPBearer()
TOKEN = "secret-token"


def authorized(credentials: HTTPAuthorizationCredentials = Security(bearer)) -> None:
    if credentials.credentials != TOKEN:
        raise HTTPException(status_code=401, detail="bad token")


class Species(str, Enum):
    dog = "dog"
    cat = "cat"
    bird = "bird"


class Owner(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    full_name: str = Field(alias="fullName")
    email: Optional[str] = None


class PetIn(BaseModel):
    name: str = Field(min_length=1, max_length=40)
    species: Species
    age: Optional[int] = Field(default=None, ge=0, lt=100)
    weight: float = Field(gt=0)
    owner: Optional[Owner] = None
    tags: List[str] = []
    attributes: Dict[str, str] = {}


class Pet(PetIn):
    id: uuid.UUID
    created_at: datetime


class Cash(BaseModel):
    kind: Literal["cash"]
    amount: int


class Card(BaseModel):
    kind: Literal["card"]
    number: str
    expires: str


class Payment(BaseModel):
    method: Annotated[Union[Cash, Card], Field(discriminator="kind")]
    note: Optional[str] = None


class Receipt(BaseModel):
    pet_id: uuid.UUID
    paid: int
    method: str


class NewPetEvent(BaseModel):
    """Sent to every subscriber when a pet is created."""
    pet: Pet
    happened_at: datetime


class Subscription(BaseModel):
    url: str


PETS: Dict[uuid.UUID, Pet] = {}
SUBSCRIBERS: List[str] = []


@app.webhooks.post("new-pet")
def new_pet(event: NewPetEvent) -> None:
    """The request each subscriber receives when a pet is created."""


def notify(pet: Pet) -> None:
    event = NewPetEvent(pet=pet, happened_at=pet.created_at)
    body = event.model_dump_json(by_alias=True).encode()
    for url in SUBSCRIBERS:
        request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
        threading.Thread(target=lambda: urllib.request.urlopen(request, timeout=10).read(), daemon=True).start()


@app.post("/subscriptions", status_code=204)
def subscribe(subscription: Subscription) -> Response:
    SUBSCRIBERS.append(subscription.url)
    return Response(status_code=204)


@app.post("/pets", response_model=Pet, status_code=201, dependencies=[Security(authorized)])
def create_pet(pet: PetIn) -> Pet:
    created = Pet(id=uuid.uuid4(), created_at=datetime(2024, 5, 1, 12, 30, tzinfo=timezone.utc), **pet.model_dump())
    PETS[created.id] = created
    notify(created)
    return created


@app.get("/pets", response_model=List[Pet])
def list_pets(
    species: Optional[Species] = None,
    limit: int = Query(default=10, ge=1, le=100),
    x_request_id: Optional[str] = Header(default=None),
) -> List[Pet]:
    pets = [p for p in PETS.values() if species is None or p.species == species]
    return pets[:limit]


@app.get("/pets/{pet_id}", response_model=Pet, responses={404: {"description": "No such pet"}})
def get_pet(pet_id: uuid.UUID = Path()) -> Pet:
    if pet_id not in PETS:
        raise HTTPException(status_code=404, detail="no such pet")
    return PETS[pet_id]


@app.delete("/pets/{pet_id}", status_code=204, dependencies=[Security(authorized)])
def delete_pet(pet_id: uuid.UUID) -> Response:
    PETS.pop(pet_id, None)
    return Response(status_code=204)


@app.post("/pets/{pet_id}/payments", response_model=Receipt)
def pay(pet_id: uuid.UUID, payment: Payment) -> Receipt:
    paid = payment.method.amount if isinstance(payment.method, Cash) else 100
    return Receipt(pet_id=pet_id, paid=paid, method=payment.method.kind)


@app.post("/login")
def login(username: Annotated[str, Form()], password: Annotated[str, Form()]) -> Dict[str, str]:
    return {"user": username, "token": TOKEN if password == "pw" else ""}


@app.post("/pets/{pet_id}/photo")
async def upload_photo(pet_id: uuid.UUID, file: UploadFile = File(), caption: Optional[str] = Form(default=None)) -> Dict[str, Union[str, int]]:
    data = await file.read()
    return {"filename": file.filename or "", "size": len(data), "caption": caption or ""}


@app.get("/pets/{pet_id}/photo", response_class=RawResponse, responses={200: {"content": {"image/png": {}}}})
def download_photo(pet_id: uuid.UUID) -> RawResponse:
    return RawResponse(content=b"\x89PNG\r\n\x1a\n" + pet_id.bytes, media_type="image/png")


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
