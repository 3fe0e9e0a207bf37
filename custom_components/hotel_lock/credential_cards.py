"""The credential desk's key cards: issue, clear and read them on the encoder.

Part of the desk (``credentials.CredentialDesk`` derives from ``CardDesk``),
kept apart because cards follow their own rules: the platform names a card
only in its answers. So when the answer to writing a card is lost, the card
may be written: it is recorded for its room, unconfirmed and without an ID
(written ahead, like every change), until ``async_read_card`` finds it (the
card then gets its ID and is confirmed) or a clear of a card of that room
that the registry did not know removes it. When the answer to a clear is
lost, the cards it may have cleared stay, unconfirmed (by card ID: that
card; by room: every card of the room, since only the answer would have
named the card), until read or cleared again.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import Any

from homeassistant.core import Context

from .credential_checks import check_name, check_window, now
from .credential_core import CardRead, DeskCore, Issued, Revoked, RoomRef, doubted
from .credential_record import CredentialKind, CredentialRecord
from .errors import validation_error
from .platform_answers import CardInfo

CARD = CredentialKind.CARD


class CardDesk(DeskCore):
    """The key card operations of the desk."""

    async def async_issue_card(
        self,
        room_id: str,
        *,
        valid_until: datetime,
        authorized_at: datetime | None = None,
        name: str | None = None,
        context: Context | None = None,
    ) -> Issued:
        """Write a key card for a room on the desk encoder.

        ``authorized_at`` (now by default, as the vendor advises) should be
        the same for every card of one stay: a card with a later one locks
        out cards with an earlier one.
        """
        room = self.room(room_id)
        check_name(name)
        authorized_at, valid_until = check_window(authorized_at, valid_until)
        pending = CredentialRecord(
            room_id=room_id,
            kind=CARD,
            name=name,
            valid_from=authorized_at,
            valid_until=valid_until,
            created=now(),
            confirmed=False,
        )
        async with self.room_lock(room_id):
            with self.reported("issue_card", room, CARD, context, name=name):
                card_id, _ = await self.async_written_ahead(
                    [pending],
                    self.coordinator.client.mark_room_card,
                    room_id,
                    authorized_at,
                    valid_until,
                    rm_id=None,
                )
            # Written again, the card holds this authorization only.
            record = replace(pending, card_id=card_id, confirmed=True)
            await self.registry.async_update(put=[record])
        self.fire_changed(
            "issue_card",
            room,
            CARD,
            context,
            name=name,
            valid_from=authorized_at,
            valid_until=valid_until,
            card_id=card_id,
        )
        return Issued(room=room, record=record)

    async def async_clear_card(
        self,
        *,
        room_id: str | None = None,
        card_id: str | None = None,
        context: Context | None = None,
    ) -> Revoked:
        """Clear the card on the desk encoder, by its room or by its card ID."""
        if (room_id is None) == (card_id is None):
            raise validation_error("room_or_card_id_required")
        room = None if room_id is None else self.room(room_id)
        # The room's lock: by room, or the room the registry knows the card of.
        known = None if card_id is None else self.registry.by_card(card_id)
        locked_room = room_id or (None if known is None else known.room_id)
        room_lock: AbstractAsyncContextManager[Any] = (
            nullcontext() if locked_room is None else self.room_lock(locked_room)
        )
        async with room_lock:
            return await self._async_clear_card(room, card_id, known, context)

    async def _async_clear_card(
        self,
        room: RoomRef | None,
        card_id: str | None,
        known: CredentialRecord | None,
        context: Context | None,
    ) -> Revoked:
        """Clear a card and settle the records (under the room's lock, if any)."""
        rm_id = None if room is None else room.room_id
        doubtful = doubted(
            [known] if room is None else self.registry.records(rm_id, CARD)
        )
        known_room = None if known is None else self.room_ref(known.room_id)
        with self.reported(
            "clear_card", room or known_room, CARD, context, card_id=card_id
        ):
            cleared, before = await self.async_written_ahead(
                doubtful,
                partial(
                    self.coordinator.client.clear_room_card,
                    rm_id=rm_id,
                    card_id=card_id,
                ),
                rm_id=None,
            )
        cleared_id = cleared.card_id or None
        cleared_rm_id = cleared.rm_id or rm_id
        cleared_room = room
        if cleared_room is None and cleared_rm_id is not None:
            cleared_room = self.room_ref(cleared_rm_id)
        if cleared_id is not None:
            # A card of a room not known before the call: settled in order.
            settle_lock: AbstractAsyncContextManager[Any] = (
                self.room_lock(cleared_rm_id)
                if known is None and room is None and cleared_rm_id is not None
                else nullcontext()
            )
            async with settle_lock:
                await self._async_card_cleared(cleared_id, cleared_rm_id, before)
        # Cleared by room, an answer naming no card leaves the room's cards
        # doubted: which one was cleared is unknown.
        self.fire_changed("clear_card", cleared_room, CARD, context, card_id=cleared_id)
        return Revoked(room=cleared_room, record=known, card_id=cleared_id)

    async def _async_card_cleared(
        self, card_id: str, rm_id: str | None, before: list[CredentialRecord]
    ) -> None:
        """Forget the card the platform cleared; undoubt the others.

        A card the registry did not know by ID is taken to be the room's card
        whose writing lost its answer: the room's records without an ID go.
        """
        folded = card_id.casefold()

        def is_cleared(record: CredentialRecord) -> bool:
            return record.card_id is not None and record.card_id.casefold() == folded

        gone = [r for r in self.registry.records(kind=CARD) if is_cleared(r)]
        if not gone and rm_id is not None:
            gone = [r for r in self.registry.records(rm_id, CARD) if r.card_id is None]
        await self.registry.async_update(
            put=[r for r in before if not is_cleared(r)], remove=gone
        )

    async def async_read_card(self) -> CardRead:
        """Read the card lying on the desk encoder, settling the registry's doubts.

        A blank card opens nothing: its records go. A card written for a room
        confirms its own record of that room and validity, or gives its ID to
        the unconfirmed record without one of that room and validity (its
        writing lost its answer).
        """
        card: CardInfo = await self.coordinator.async_call(
            self.coordinator.client.read_card
        )
        if card.rm_id is None:
            if self.registry.by_card(card.card_id) is not None:
                await self.registry.async_remove_cards(card_id=card.card_id)
            room = None
        else:
            async with self.room_lock(card.rm_id):
                await self._async_card_read(card, card.rm_id)
            room = self.room_ref(card.rm_id)
        return CardRead(
            card_id=card.card_id,
            room=room,
            valid_from=card.valid_from,
            valid_until=card.valid_until,
        )

    async def _async_card_read(self, card: CardInfo, rm_id: str) -> None:
        """Settle the records of a card read as written for a room."""
        validity = (card.valid_from, card.valid_until)
        records = [
            r
            for r in self.registry.records(rm_id, CARD)
            if (r.valid_from, r.valid_until) == validity
        ]
        folded = card.card_id.casefold()
        if own := next(
            (
                r
                for r in records
                if r.card_id is not None and r.card_id.casefold() == folded
            ),
            None,
        ):
            if not own.confirmed:
                await self.registry.async_update(put=[replace(own, confirmed=True)])
            return
        if pending := next((r for r in records if r.card_id is None), None):
            # Written for this room, the card holds this record only.
            await self.registry.async_update(
                put=[replace(pending, card_id=card.card_id, confirmed=True)]
            )
