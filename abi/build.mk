# abi/ — the user-visible seL4 interface.
#
# Hand-written headers live in abi/include/sel4/.  The invocation headers
# are generated from abi/interface/invocations.spec by tools/abigen.py into
# $(GEN_DIR)/sel4/ (invocation.h, invocation_names.h, client.h) plus the
# table $(GEN_DIR)/invocations.md.  $(ABI_GEN) is the stamp: anything that
# includes a generated header takes it as an order-only prerequisite (the
# generic compile rules in the top Makefile already do).  abigen rewrites a
# header only when its text changes, so users rebuild only when needed.

ABI_SPEC        := abi/interface/invocations.spec
ABI_GENERATOR   := tools/abigen.py
ABI_GEN_HEADERS := $(GEN_DIR)/sel4/invocation.h $(GEN_DIR)/sel4/invocation_names.h \
		   $(GEN_DIR)/sel4/client.h
ABI_GEN_DOC     := $(GEN_DIR)/invocations.md

$(ABI_GEN): $(ABI_SPEC) $(ABI_GENERATOR)
	@mkdir -p $(GEN_DIR)/sel4
	$(PYTHON) $(ABI_GENERATOR) --spec $(ABI_SPEC) --out $(GEN_DIR)
	@touch $@

.PHONY: abi
abi: $(ABI_GEN)

ALL_TARGETS += $(ABI_GEN)
