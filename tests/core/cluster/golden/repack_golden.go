// SPDX-License-Identifier: GPL-3.0-or-later
//go:build ignore

// Reads JSON [][]v1.EndpointSubset on stdin, prints [][]v1.EndpointSubset after
// endpoints.RepackSubsets: the reference for tests/core/cluster's RepackSubsets golden test.
// Build it inside the Kubernetes v1.20.2 source tree in GOPATH mode, e.g.
//   mkdir -p $GOPATH/src/k8s.io && ln -s $KSRC $GOPATH/src/k8s.io/kubernetes
//   mkdir $KSRC/zz_golden && cp repack_golden.go $KSRC/zz_golden/main.go
//   cd $GOPATH/src/k8s.io/kubernetes && GO111MODULE=off go build -o repack ./zz_golden
package main

import (
	"encoding/json"
	"os"

	v1 "k8s.io/api/core/v1"
	"k8s.io/kubernetes/pkg/api/v1/endpoints"
)

func main() {
	var cases [][]v1.EndpointSubset
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	out := make([][]v1.EndpointSubset, 0, len(cases))
	for _, c := range cases {
		out = append(out, endpoints.RepackSubsets(c))
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
