# SPDX-License-Identifier: GPL-2.0
# desc: 8139too (bind_cplus=1) drives QEMU's rtl8139; 50 MB of TCP to an e1000 peer arrive md5-identical, the driver accounts its Tx bytes to BQL, and then 50 MB each way at once (its receive ring overflows again and again) arrive md5-identical too
# nics: rtl8139,e1000
# smp: 1
# timeout: 300
# expect: pass
# append: ndriver.hang_floor_ms=500

ndrv_modprobe 8139too bind_cplus=1
ndrv_modprobe e1000
ndrv_net_setup 8139too e1000
sum=$(ndrv_make_data /tmp/data 50)
ndrv_check_transfer dut-to-peer dut peer "$NDRV_PEER_ADDR" /tmp/data "$sum" 5001
ndrv_check_bql dut "$DUT_IF"
# A bulk receive fills the ring faster than 8139too empties it; it must
# keep going (see the patch "8139too: look at the Rx ring when polling").
ndrv_bidir_start 50
ndrv_bidir_finish 8139too-bidir
overflows=$(ndrv_dev_counter dut "$DUT_IF" 4)
ndrv_pass "8139too: 50 MB sent, then 50 MB each way at once, md5-identical ($overflows receive errors, ring overflows among them)"
