# SPDX-License-Identifier: GPL-2.0
# desc: e1000 drives QEMU's e1000; 50 MB of TCP each way to an rtl8139 (8139cp) peer arrive md5-identical, and the driver accounts its Tx bytes to BQL
# nics: e1000,rtl8139
# smp: 2
# timeout: 300
# expect: pass
# append: ndriver.hang_floor_ms=500

ndrv_modprobe e1000
ndrv_modprobe 8139cp
ndrv_net_setup e1000 8139cp
sum=$(ndrv_make_data /tmp/data 50)
ndrv_check_transfer dut-to-peer dut peer "$NDRV_PEER_ADDR" /tmp/data "$sum" 5001
ndrv_check_bql dut "$DUT_IF"
ndrv_check_transfer peer-to-dut peer dut "$NDRV_DUT_ADDR" /tmp/data "$sum" 5002
ndrv_pass "e1000: 50 MB each way md5-identical"
