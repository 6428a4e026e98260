package funcs

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"math/bits"

	"quarry/internal/column"
)

// Hash functions. hash(x[, mod]) is xxHash64 (seed 0) of the value's UTF-8
// text form (Q/hash-function: hash("World") == 1846988464401551951); the
// other functions return lower-case hex digests.

func init() {
	S := column.String
	registerScalar(scalar("hash", column.Long, pure(evalHash), kAny, kInts|kOpt))
	registerScalar(scalar("hash_xxhash64", column.Long, pure(evalHash), kAny, kInts|kOpt))
	registerScalar(scalar("hash_sha256", S, pure(hexDigest(func(b []byte) []byte { h := sha256.Sum256(b); return h[:] })), kAny))
	registerScalar(scalar("hash_sha1", S, pure(hexDigest(func(b []byte) []byte { h := sha1.Sum(b); return h[:] })), kAny))
	registerScalar(scalar("hash_md5", S, pure(hexDigest(func(b []byte) []byte { h := md5.Sum(b); return h[:] })), kAny))
	registerScalar(scalar("hash_crc32", column.Long, pure(func(a []column.Value) column.Value {
		if a[0].IsNull() {
			return nullLong
		}
		return column.LongValue(int64(int32(crc32.ChecksumIEEE([]byte(text(a[0]))))))
	}), kAny))
}

func evalHash(a []column.Value) column.Value {
	if a[0].IsNull() {
		return nullLong
	}
	h := int64(xxh64([]byte(text(a[0]))))
	if len(a) > 1 && !a[1].IsNull() {
		m, _ := asLong(a[1])
		if m <= 0 {
			return nullLong
		}
		return column.LongValue(floorMod(h, m))
	}
	return column.LongValue(h)
}

func hexDigest(f func([]byte) []byte) func([]column.Value) column.Value {
	return func(a []column.Value) column.Value {
		if a[0].IsNull() {
			return emptyStr
		}
		return column.StringValue(hex.EncodeToString(f([]byte(text(a[0])))))
	}
}

// xxHash64 (seed 0), from the public specification.
const (
	xxP1 uint64 = 11400714785074694791
	xxP2 uint64 = 14029467366897019727
	xxP3 uint64 = 1609587929392839161
	xxP4 uint64 = 9650029242287828579
	xxP5 uint64 = 2870177450012600261
)

func xxRound(acc, in uint64) uint64 {
	acc += in * xxP2
	acc = bits.RotateLeft64(acc, 31)
	return acc * xxP1
}

func xxMerge(acc, v uint64) uint64 {
	acc ^= xxRound(0, v)
	return acc*xxP1 + xxP4
}

func xxh64(b []byte) uint64 {
	n := uint64(len(b))
	var h uint64
	if len(b) >= 32 {
		p1, p2 := xxP1, xxP2
		v1, v2, v3, v4 := p1+p2, p2, uint64(0), -p1
		for len(b) >= 32 {
			v1 = xxRound(v1, binary.LittleEndian.Uint64(b[0:]))
			v2 = xxRound(v2, binary.LittleEndian.Uint64(b[8:]))
			v3 = xxRound(v3, binary.LittleEndian.Uint64(b[16:]))
			v4 = xxRound(v4, binary.LittleEndian.Uint64(b[24:]))
			b = b[32:]
		}
		h = bits.RotateLeft64(v1, 1) + bits.RotateLeft64(v2, 7) + bits.RotateLeft64(v3, 12) + bits.RotateLeft64(v4, 18)
		h = xxMerge(xxMerge(xxMerge(xxMerge(h, v1), v2), v3), v4)
	} else {
		h = xxP5
	}
	h += n
	for ; len(b) >= 8; b = b[8:] {
		h ^= xxRound(0, binary.LittleEndian.Uint64(b))
		h = bits.RotateLeft64(h, 27)*xxP1 + xxP4
	}
	if len(b) >= 4 {
		h ^= uint64(binary.LittleEndian.Uint32(b)) * xxP1
		h = bits.RotateLeft64(h, 23)*xxP2 + xxP3
		b = b[4:]
	}
	for _, c := range b {
		h ^= uint64(c) * xxP5
		h = bits.RotateLeft64(h, 11) * xxP1
	}
	h ^= h >> 33
	h *= xxP2
	h ^= h >> 29
	h *= xxP3
	h ^= h >> 32
	return h
}
