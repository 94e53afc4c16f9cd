#!/bin/bash
# prepare: start hello.txt with its first line. Runs in the NodeApp directory, where message.txt was copied.
echo "-->prepared" > hello.txt
echo "prepared hello.txt on $OCTOPODA_NODENAME ($OCTOPODA_APP@$OCTOPODA_SCENARIO)" >> "$OCTOPODA_OUTPUT"
