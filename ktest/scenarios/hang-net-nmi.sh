# SPDX-License-Identifier: GPL-2.0
# desc: hang-net with interrupts disabled for real (ndriver.virq=0): a spin with interrupts off in a guarded NIC driver gets no tick, and its buddy CPU breaks it by NMI
# nics: rtl8139,e1000,vmxnet3
# matrix: NIC=8139cp,e1000,vmxnet3 TYPE=loop-irqon,loop-irqoff,deadlock ENTRY=xmit,irq
# smp: 2
# timeout: 150
# expect: pass
# append: ndriver.virq=0 ndriver.stall_floor_ms=0
# slices: 5
# sanitize: hang-net-nmi/e1000-loop-irqoff-xmit/smp2 hang-net-nmi/8139cp-deadlock-xmit/smp2

[ "$(cat /sys/module/ndriver/parameters/virq 2>/dev/null)" != Y ] ||
	ndrv_fail "ndriver.virq=0 on the command line did not turn virtual interrupt disabling off"
# The same checks as hang-net; without virtual disabling the NMI is the
# only way out.
. /ndrv/scenarios/hang-net.sh
