# SPDX-License-Identifier: GPL-2.0
# desc: 8139cp drives QEMU's rtl8139; 50 MB of TCP each way to an e1000 peer arrive md5-identical, and the driver accounts its Tx bytes to BQL
# nics: rtl8139,e1000
# smp: 2
# timeout: 300
# expect: pass
# append: ndriver.hang_floor_ms=500

ndrv_modprobe 8139cp
ndrv_modprobe e1000
ndrv_net_setup 8139cp e1000
sum=$(ndrv_make_data /tmp/data 50)
ndrv_check_transfer dut-to-peer dut peer "$NDRV_PEER_ADDR" /tmp/data "$sum" 5001
ndrv_check_bql dut "$DUT_IF"
ndrv_check_transfer peer-to-dut peer dut "$NDRV_DUT_ADDR" /tmp/data "$sum" 5002
ndrv_pass "8139cp: 50 MB each way md5-identical"
