/// The scripts `guild completion` prints. Each asks `guild` for the candidates of the word
/// under the cursor (`_GUILD_COMPLETE=<shell>_complete`, the command line so far in
/// `COMP_WORDS`, the word's index in `COMP_CWORD`) and reads one `plain,<value>` line per
/// candidate; values starting `!!` ask the shell for files (`!!file:GLOB`, `!!dir`,
/// `!!runfiles:DIR`) or for no space after the word (`!!nospace`). Kept here rather than as
/// files beside the binary so that a copied `guild` still completes.
public enum CompletionScripts {
    public static func script(for shell: ShellCompletionInstaller.Shell) -> String {
        switch shell {
        case .bash: return bash
        case .zsh: return zsh
        case .fish: return fish
        }
    }

    static let bash = #"""
        #-*-shell-script-*-
        # Guild command completion for bash: `. <this file>`, or `guild completion --install`.

        _guild_completion() {
            # The line up to the cursor, split on blanks only: bash also splits words at `:`
            # and `=`, which would cut `dvc.yaml:train` and `lr=0.1` in two.
            local line=${COMP_LINE:0:COMP_POINT}
            local -a words
            read -r -a words <<< "$line"
            local cword=${#words[@]}
            [[ $line == *[[:blank:]] ]] || cword=$((cword - 1))
            local word=""
            ((cword < ${#words[@]})) && word=${words[cword]}
            # Bash replaces only what follows its last word break; candidates lose the rest.
            local cur=${COMP_WORDS[COMP_CWORD]}
            local head=${word%"$cur"}
            local IFS=$'\n' item
            local -a reply
            reply=($(COMP_WORDS="${words[*]}" COMP_CWORD=$cword _GUILD_COMPLETE=bash_complete "$1" 2>/dev/null))
            COMPREPLY=()
            for item in "${reply[@]}"; do
                item=${item#plain,}
                case $item in
                    '!!file:'*)
                        COMPREPLY+=($(compgen -f -X "!${item#!!file:}" -o plusdirs -- "$cur"))
                        compopt -o filenames ;;
                    '!!dir')
                        COMPREPLY+=($(compgen -d -- "$cur"))
                        compopt -o filenames ;;
                    '!!runfiles:'*)
                        COMPREPLY+=($(cd "${item#!!runfiles:}" 2>/dev/null && compgen -f -X .guild -- "$cur")) ;;
                    '!!nospace')
                        compopt -o nospace ;;
                    '!!'*) ;;
                    *)
                        COMPREPLY+=("${item#"$head"}") ;;
                esac
            done
        }
        complete -o nosort -F _guild_completion guild 2>/dev/null || complete -F _guild_completion guild
        """#

    static let zsh = #"""
        #-*-shell-script-*-
        # Guild command completion for zsh: `. <this file>`, or `guild completion --install`.

        (( $+functions[compdef] )) || { autoload -Uz compinit && compinit }

        _guild_completion() {
            local -a reply candidates
            local item nospace=0
            reply=("${(@f)$(COMP_WORDS="${words[1,CURRENT]}" COMP_CWORD=$((CURRENT - 1)) \
                _GUILD_COMPLETE=zsh_complete guild 2>/dev/null)}")
            for item in $reply; do
                item=${item#plain,}
                case $item in
                    '!!file:'*) _files -g "${item#!!file:}" ;;
                    '!!dir') _files -/ ;;
                    '!!runfiles:'*) _files -W "${item#!!runfiles:}" ;;
                    '!!nospace') nospace=1 ;;
                    '!!'*) ;;
                    *) candidates+=("$item") ;;
                esac
            done
            if (( nospace )); then
                compadd -S '' -Q -- $candidates
            else
                compadd -Q -- $candidates
            fi
        }
        compdef _guild_completion guild
        """#

    static let fish = #"""
        #-*-shell-script-*-
        # Guild command completion for fish: `. <this file>`, or `guild completion --install`.

        function __guild_completion
            set -l words (commandline -opc) (commandline -ct)
            set -l cword (math (count $words) - 1)
            for item in (env COMP_WORDS="$words" COMP_CWORD=$cword _GUILD_COMPLETE=fish_complete guild 2>/dev/null)
                set item (string replace -r '^plain,' '' -- $item)
                switch $item
                    case '!!file:*' '!!dir'
                        __fish_complete_path (commandline -ct)
                    case '!!runfiles:*'
                        set -l dir (string replace '!!runfiles:' '' -- $item)
                        for f in $dir/(commandline -ct)*
                            string replace -- "$dir/" '' $f
                        end
                    case '!!*'
                    case '*'
                        echo $item
                end
            end
        end
        complete -c guild -f -a '(__guild_completion)'
        """#
}
