//go:build !purego

#include "textflag.h"

// func maskNEON(b []byte, key uint32)
//
// R0 = &b[0], R1 = len(b), R2 = the key word for b[0] (see phaseKey),
// R3 = R2 twice. Whole 64- and 16-byte vectors first, then a tail of one
// 8-, 4-, 2- and 1-byte step for each bit set in the remaining length, so
// every byte is stored once (see mask_amd64.s for why stores never overlap).
TEXT ·maskNEON(SB), NOSPLIT, $0-28
	MOVD  b_base+0(FP), R0
	MOVD  b_len+8(FP), R1
	MOVWU key+24(FP), R2
	ORR   R2<<32, R2, R3
	CMP   $16, R1
	BLT   tail8
	VDUP  R3, V0.D2

loop64:
	CMP    $64, R1
	BLT    loop16
	VLD1   (R0), [V1.B16, V2.B16, V3.B16, V4.B16]
	VEOR   V0.B16, V1.B16, V1.B16
	VEOR   V0.B16, V2.B16, V2.B16
	VEOR   V0.B16, V3.B16, V3.B16
	VEOR   V0.B16, V4.B16, V4.B16
	VST1.P [V1.B16, V2.B16, V3.B16, V4.B16], 64(R0)
	SUB    $64, R1
	B      loop64

loop16:
	CMP    $16, R1
	BLT    tail8
	VLD1   (R0), [V1.B16]
	VEOR   V0.B16, V1.B16, V1.B16
	VST1.P [V1.B16], 16(R0)
	SUB    $16, R1
	B      loop16

tail8:
	TBZ    $3, R1, tail4
	MOVD   (R0), R4
	EOR    R3, R4, R4
	MOVD.P R4, 8(R0)

tail4:
	TBZ    $2, R1, tail2
	MOVWU  (R0), R4
	EORW   R2, R4, R4
	MOVW.P R4, 4(R0)

tail2:
	TBZ    $1, R1, tail1
	MOVHU  (R0), R4
	EORW   R2, R4, R4
	MOVH.P R4, 2(R0)
	LSRW   $16, R2, R2

tail1:
	TBZ   $0, R1, done
	MOVBU (R0), R4
	EORW  R2, R4, R4
	MOVB  R4, (R0)

done:
	RET
