# SPDX-License-Identifier: GPL-3.0-or-later
list(APPEND STUDIO_CORE_SOURCES
  apiserver/json_reader.h apiserver/json_reader.cpp
  apiserver/kubeconfig.h apiserver/kubeconfig.cpp
  apiserver/exec_credential.h apiserver/exec_credential.cpp
  apiserver/api_errors.h apiserver/api_errors.cpp
  apiserver/api_client.h apiserver/api_client.cpp
  apiserver/apiserver_backend.h apiserver/apiserver_backend.cpp)
