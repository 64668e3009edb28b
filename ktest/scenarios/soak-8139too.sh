# SPDX-License-Identifier: GPL-2.0
# desc: 8139too (bind_cplus=1) alone, nDriver off (ndriver.enable=0): TCP both ways at once through QEMU's rtl8139 for SOAK_S (120) seconds, transfer after transfer of 30 MB each way, every one md5-identical and none stalled - five rounds at 1 and 2 vCPUs; the receive ring overflows all the time, which used to wedge the interface for good within seconds
# nics: rtl8139,e1000
# matrix: ROUND=1,2,3,4,5
# smp: 1 2
# timeout: 600
# expect: pass
# tier: full
# append: ndriver.enable=0

soak=${SOAK_S:-120}
ndrv_modprobe 8139too bind_cplus=1
ndrv_modprobe e1000
ndrv_net_setup 8139too e1000
t0=$(ndrv_now_cs)
n=0
while [ $(($(ndrv_now_cs) - t0)) -lt $((soak * 100)) ]; do
	n=$((n + 1))
	ndrv_bidir_start 30
	ndrv_bidir_finish "8139too-soak-$n"
done
secs=$((($(ndrv_now_cs) - t0) / 100))
ndrv_pass "8139too, nDriver off: $n transfers of 30 MB each way at once in $secs s, all md5-identical; $(ndrv_dev_counter dut "$DUT_IF" 4) receive errors (ring overflows) survived"
