"""Read TFRecord files and the string features of tf.train.Example protos, without TensorFlow.

Framing, from tensorflow/core/lib/io/record_writer.cc (and the format notes in
tensorflow/python/lib/io/python_io.py): each record is
    uint64 length | uint32 masked_crc32c(length bytes) | data[length] | uint32 masked_crc32c(data)
little-endian, with masked_crc = ((crc >> 15) | (crc << 17)) + 0xa282ead8 (mod 2**32).
Messages, from tensorflow/core/example/example.proto and feature.proto:
    Example { Features features = 1; }   SequenceExample { Features context = 1; ... = 2; }
    Features { map<string, Feature> feature = 1; }   (map entry: key = 1, value = 2)
    Feature { oneof kind { BytesList bytes_list = 1; FloatList = 2; Int64List = 3; } }
    BytesList { repeated bytes value = 1; }
Field 1 is the Features message in both Example and SequenceExample, so one decoder reads the
video-level (Example) and frame-level (SequenceExample) YouTube-8M files alike.
"""

import struct

DOC = "https://github.com/tensorflow/tensorflow/blob/master/tensorflow/core/lib/io/record_writer.cc"

_HEADER = struct.Struct("<QI")
_FOOTER = struct.Struct("<I")
_MASK_DELTA = 0xA282EAD8


class Truncated(ValueError):
    """The file ends inside a record (typically an incomplete download)."""

    def __init__(self, offset, message):
        super().__init__(message)
        self.offset = offset


def _crc_table():
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1  # Castagnoli, reflected
        table.append(crc)
    return table


_TABLE = _crc_table()


def _crc32c_python(data):
    crc, table = 0xFFFFFFFF, _TABLE
    for byte in bytes(data):
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


try:  # the C library when installed: the pure-Python loop reads about 10 MB/s
    from google_crc32c import value as _crc32c_c

    def crc32c(data):
        """CRC-32C (Castagnoli) of data."""
        return _crc32c_c(bytes(data))
except ImportError:
    crc32c = _crc32c_python


def masked_crc32c(data):
    """The CRC as TFRecord stores it: rotated right by 15 bits plus a constant."""
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + _MASK_DELTA) & 0xFFFFFFFF


def records(stream, check_data=True):
    """(byte offset, data) per record; ValueError on a bad checksum, Truncated at a cut tail."""
    offset = 0
    while True:
        header = stream.read(_HEADER.size)
        if not header:
            return
        if len(header) < _HEADER.size:
            raise Truncated(offset, f"the file ends inside the record header at byte {offset}")
        length, length_crc = _HEADER.unpack(header)
        if masked_crc32c(header[:8]) != length_crc:
            raise ValueError(f"corrupt record at byte {offset}: the length checksum does not match")
        data = stream.read(length)
        footer = stream.read(_FOOTER.size)
        if len(data) < length or len(footer) < _FOOTER.size:
            raise Truncated(offset, f"the file ends inside the record at byte {offset} "
                                    f"({length} bytes announced)")
        if check_data and masked_crc32c(data) != _FOOTER.unpack(footer)[0]:
            raise ValueError(f"corrupt record at byte {offset}: the data checksum does not match")
        yield offset, data
        offset += _HEADER.size + length + _FOOTER.size


def write_record(stream, data):
    """Append one framed record; for tests and fixtures."""
    header = struct.pack("<Q", len(data))
    stream.write(header + _FOOTER.pack(masked_crc32c(header)) + data
                 + _FOOTER.pack(masked_crc32c(data)))


def _varint(buffer, at):
    result = shift = 0
    while True:
        if at >= len(buffer) or shift > 63:
            raise ValueError("bad protobuf: varint runs past the end")
        byte = buffer[at]
        at += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, at
        shift += 7


def _fields(buffer):
    """(field number, wire type, value) of one message; value is a memoryview for wire type 2."""
    buffer, at = memoryview(buffer), 0
    while at < len(buffer):
        key, at = _varint(buffer, at)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, at = _varint(buffer, at)
        elif wire == 2:
            size, at = _varint(buffer, at)
            if at + size > len(buffer):
                raise ValueError("bad protobuf: a field runs past the end")
            value, at = buffer[at:at + size], at + size
        elif wire in (1, 5):
            at, value = at + (8 if wire == 1 else 4), None
        else:  # 3 and 4 are the deprecated groups, never used by example.proto
            raise ValueError(f"bad protobuf: wire type {wire}")
        yield number, wire, value


def bytes_feature(message, name):
    """Values of the bytes_list feature called name in an Example or SequenceExample context."""
    wanted = name.encode()
    for number, wire, features in _fields(message):
        if number != 1 or wire != 2:
            continue  # SequenceExample.feature_lists (2): the bulky frames, skipped unread
        for entry_number, entry_wire, entry in _fields(features):
            if entry_number != 1 or entry_wire != 2:
                continue
            key, feature = None, None
            for part, part_wire, value in _fields(entry):
                if part == 1 and part_wire == 2:
                    key = bytes(value)
                elif part == 2 and part_wire == 2:
                    feature = value
            if key == wanted and feature is not None:
                return [bytes(value) for kind, kind_wire, bytes_list in _fields(feature)
                        if kind == 1 and kind_wire == 2
                        for item, item_wire, value in _fields(bytes_list)
                        if item == 1 and item_wire == 2]
    return None
