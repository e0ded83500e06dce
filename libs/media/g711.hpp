#pragma once

#include <cstdint>
#include <span>

namespace tandem::media {

/// G.711 (ITU-T G.711, RFC 3551 4.5.14): PCMU (mu-law, payload type 0) and PCMA (A-law,
/// payload type 8), one byte per 8 kHz sample, to and from 16-bit linear. The tables follow
/// the reference encoder every telephony stack shares (Sun's g711.c, also Python's audioop),
/// so a round trip through Tandem gives the bytes Asterisk or FreeSWITCH would produce.

int16_t ulaw_to_linear(uint8_t ulaw);
uint8_t linear_to_ulaw(int16_t sample);
int16_t alaw_to_linear(uint8_t alaw);
uint8_t linear_to_alaw(int16_t sample);

/// Transcoding between the two laws goes through linear, by table.
uint8_t ulaw_to_alaw(uint8_t ulaw);
uint8_t alaw_to_ulaw(uint8_t alaw);

/// Whole frames. `out` must be as long as `in`.
void decode_ulaw(std::span<const uint8_t> in, std::span<int16_t> out);
void decode_alaw(std::span<const uint8_t> in, std::span<int16_t> out);
void encode_ulaw(std::span<const int16_t> in, std::span<uint8_t> out);
void encode_alaw(std::span<const int16_t> in, std::span<uint8_t> out);

/// The byte that encodes silence in each law.
inline constexpr uint8_t kUlawSilence = 0xff;
inline constexpr uint8_t kAlawSilence = 0xd5;

}  // namespace tandem::media
