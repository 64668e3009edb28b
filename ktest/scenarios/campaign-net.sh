# SPDX-License-Identifier: GPL-2.0
# desc: fault campaign, one batch: a profile of the guarded NIC's driver under TCP both ways, then COUNT mutation faults (ndriver/mutate, drawn from SEED, fault FIRST on, kinds in turn), each under rounds of 2 MB of TCP each way with md5 checks until it fires and one round after, judged (not activated, no effect, recovered intact or harmed, undetected harm) and followed by a planned swap to a fresh instance; one NDRV-FAULT line per fault for ktest/campaign.sh, which boots the batches and counts crashes
# nics: rtl8139,e1000,vmxnet3
# matrix: NIC=8139cp,8139too,e1000,vmxnet3
# smp: 1,2
# timeout: 1800
# expect: pass
# tier: full

SEED=${SEED:-1}
FIRST=${FIRST:-0}
COUNT=${COUNT:-20}
KINDS=${KINDS:-reg-flip reg-zero reg-wild skip branch call store}
NKINDS=$(echo $KINDS | wc -w)
ndrv_mut_setup "$NIC" "${MB:-2}"
echo "$DUT_PCI profile" >"$NDRV_MUT" || ndrv_fail "cannot profile $DUT_PCI's driver"
[ "$(ndrv_mut_workload)" = ok ] || ndrv_fail "the workload fails with nothing injected"
ndrv_log "$(grep '^profile:' "$NDRV_MUT")"

i=$FIRST
end=$((FIRST + COUNT))
while [ "$i" -lt "$end" ]; do
	ndrv_mut_fault "$i" "$(echo $KINDS | cut -d' ' -f$((i % NKINDS + 1)))" \
		random $((SEED * 1000000 + i))
	i=$((i + 1))
done
ndrv_pass "faults $FIRST-$((end - 1)) of seed $SEED on $NIC judged (NDRV-FAULT lines)"
